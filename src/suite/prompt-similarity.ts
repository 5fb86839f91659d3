/**
 * The word 3-grams of a text: lower-cased words (letters, digits and apostrophes) taken three at
 * a time. Punctuation, case and spacing do not change them, reworded text does.
 */
export function wordShingles(text: string, size = 3): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const shingles = new Set<string>();
  for (let index = 0; index + size <= words.length; index++) shingles.add(words.slice(index, index + size).join(' '));
  return shingles;
}

/** Jaccard similarity of two sets: shared members over all members, from 0 (disjoint) to 1 (equal). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const member of small) if (large.has(member)) shared++;
  return shared / (a.size + b.size - shared);
}
