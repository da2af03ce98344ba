import { opTypes } from '../ops/registry';

/** Why an op name is refused: the known names, shortened, and the nearest one when the name looks like a typo. */
export function unknownOpMessage(name: string): string {
  const known = opTypes();
  const near = known
    .map((k) => ({ k, d: k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(k.toLowerCase(), name.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  const shown = known.slice(0, 10).join(', ');
  return `unknown op "${name}"; ${near ? `did you mean "${near.k}"? ` : ''}known ops: ${shown}, … (${known.length} in all)`;
}

/** Levenshtein distance, for suggesting a name; names are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
