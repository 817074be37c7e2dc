/** One value per extension of `table`, made from what the table says of that extension. */
export function perExtension<K, T>(
  table: Readonly<Record<string, K>>,
  make: (kind: K) => T,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(table).map(([extension, kind]) => [extension, make(kind)]),
  );
}
