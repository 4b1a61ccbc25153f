/**
 * "Did you mean …?" for a mistyped flag or value: the closest candidate by edit distance (a swap of
 * two neighbouring letters counts as one edit, so --langauge finds --language), offered only when it is
 * close enough to be the likely intent. Small and dependency-free: the candidate lists are short.
 */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate the word most likely meant (case ignored), or undefined when none is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  // One edit in a short word, up to a third of a longer one: close enough to be a typo, not a guess.
  const allowed = Math.max(1, Math.floor(Math.max(lower.length, best.candidate.length) / 3));
  return best.distance <= allowed && best.distance < lower.length ? best.candidate : undefined;
}

/** " (did you mean X?)" for an error line, or "" when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[], format = (value: string) => value): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean ${format(match)}?)`;
}
