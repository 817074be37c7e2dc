import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../model/validate.ts';
import { useAdminWrite } from './use-admin-data.ts';
import { useFormState } from './use-form-state.ts';

interface EntityFormOptions<T extends object, F extends string, R> {
  initial: T;
  validate: (values: T) => FieldErrors<F>;
  write: (csrfToken: string, values: T) => Promise<R>;
  onClose: () => void;
  /** Called with the server's answer before the dialog closes. */
  onSaved?: (result: R) => void;
}

/**
 * A create/edit dialog's state: the form, and the props for `FormModal` that validate, save,
 * say "Saved" and close (or keep the dialog open with the server's refusal).
 */
export function useEntityForm<T extends object, F extends string, R = unknown>(
  options: EntityFormOptions<T, F, R>,
) {
  const { t } = useTranslation('admin');
  const form = useFormState(options.initial, options.validate);
  const save = useAdminWrite(options.write);
  return {
    form,
    modal: {
      onClose: options.onClose,
      saving: save.isPending,
      error: save.error,
      onSubmit: () =>
        form.submit((valid) =>
          save.mutate(valid, {
            onSuccess: (result) => {
              notifications.show({ message: t('common.saved') });
              options.onSaved?.(result);
              options.onClose();
            },
          }),
        ),
    },
  };
}
