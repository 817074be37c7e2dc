import { Alert, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';

/** Renders `children` with the query's data, or its error, or a spinner. */
export function Loadable<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: Error | null };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.data !== undefined) return children(query.data);
  if (query.error) return <Alert color="red">{errorText(t, query.error)}</Alert>;
  return <Loader size="sm" />;
}

type Query<T> = { data: T | undefined; error: Error | null };

/** Several queries as one: data once all have it, else the first error. */
export function combine<T extends unknown[]>(
  ...queries: { [K in keyof T]: Query<T[K]> }
): Query<T> {
  const ready = queries.every((query) => query.data !== undefined);
  return {
    data: ready ? (queries.map((query) => query.data) as T) : undefined,
    error: queries.find((query) => query.error)?.error ?? null,
  };
}
