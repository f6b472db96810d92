/**
 * pg_trgm's trigram similarity, in TypeScript: the words of a text (runs of letters and digits),
 * lower-cased and padded as "  word ", cut into their distinct three-character pieces; two texts'
 * similarity is the share of pieces they have in common (common / union), as a 4-byte float.
 * PostgreSQL computes it too (the GIN indexes on ticket texts and cluster titles); this copy lets
 * the intake worker compare a batch of new tickets with the clusters of their districts without a
 * similarity() call per pair, which was the largest cost of intake inside PostgreSQL.
 */
export type Trigrams = ReadonlySet<string>;

const WORD = /[\p{L}\p{N}]+/gu;

export function trigrams(text: string): Trigrams {
  const set = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    const chars = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 2 < chars.length; i++) set.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return set;
}

export function trigramSimilarity(a: Trigrams, b: Trigrams): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const t of small) if (large.has(t)) common++;
  // float4, as similarity() returns: the same comparisons with a threshold as in SQL.
  return Math.fround(common / (a.size + b.size - common));
}
