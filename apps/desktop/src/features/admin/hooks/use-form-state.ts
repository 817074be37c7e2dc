import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError, FieldErrors, NumberValue } from '../model/validate.ts';

/** The keys of `T` whose values are of type `V`. */
type KeysOf<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T];

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
    if (error.key === 'tooMany') return t('validation.tooMany', { max: error.max });
    if (error.key === 'duplicateQuestion') return t('entryPoints.duplicateQuestion');
    if (error.key === 'noWayOut') return t('entryPoints.noWayOut');
    return t(`validation.${error.key}`);
  };

  const set = <K extends keyof T>(key: K, value: T[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  /** Props for a field: its error once visible, and marking it touched on blur. */
  const field = (key: F) => ({
    error: tried || touched.has(key) ? message(errors[key]) : undefined,
    onBlur: () => setTouched((current) => new Set(current).add(key)),
  });

  return {
    values,
    set,
    field,
    /** Props for a TextInput bound to a string value. */
    text: <K extends F & KeysOf<T, string>>(key: K) => ({
      value: values[key] as string,
      onChange: (event: { currentTarget: { value: string } }) =>
        set(key, event.currentTarget.value as T[K]),
      ...field(key),
    }),
    /** Props for a NumberInput bound to a number value ('' while empty). */
    number: <K extends F & KeysOf<T, NumberValue>>(key: K) => ({
      value: values[key] as NumberValue,
      onChange: (value: string | number) =>
        set(key, (typeof value === 'number' ? value : '') as T[K]),
      ...field(key),
    }),
    /** Calls `onValid` with the values when nothing is wrong; otherwise shows every error. */
    submit: (onValid: (values: T) => void) => {
      setTried(true);
      if (!Object.values(errors).some(Boolean)) onValid(values);
    },
  };
}
