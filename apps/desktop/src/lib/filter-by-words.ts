function normalize(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();
}

/** The items whose text contains every word of the query, in their given order. */
export function filterByWords<T>(
  items: readonly T[],
  query: string,
  textOf: (item: T) => string,
): T[] {
  const words = normalize(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const text = normalize(textOf(item));
    return words.every((word) => text.includes(word));
  });
}
