import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError, FieldErrors } from '../model/validate.ts';

/**
 * Form values with validation shown as soon as a field was left or a submit was tried, so
 * people see a limit before the server has to refuse it.
 */
export function useFormState<T extends object, F extends string>(
  initial: T,
  validate: (values: T) => FieldErrors<F>,
) {
  const { t } = useTranslation('admin');
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  const errors = validate(values);

  const message = (error: FieldError | undefined): string | undefined => {
    if (!error) return undefined;
    if (error.key === 'tooLong') return t('validation.tooLong', { max: error.max });
    if (error.key === 'range') return t('validation.range', { min: error.min, max: error.max });
    return t(`validation.${error.key}`);
  };

  return {
    values,
    set: <K extends keyof T>(key: K, value: T[K]) =>
      setValues((current) => ({ ...current, [key]: value })),
    /** Props for a field: its error once visible, and marking it touched on blur. */
    field: (key: F) => ({
      error: tried || touched.has(key) ? message(errors[key]) : undefined,
      onBlur: () => setTouched((current) => new Set(current).add(key)),
    }),
    /** Calls `onValid` with the values when nothing is wrong; otherwise shows every error. */
    submit: (onValid: (values: T) => void) => {
      setTried(true);
      if (!Object.values(errors).some(Boolean)) onValid(values);
    },
  };
}
