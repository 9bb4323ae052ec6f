/** Closeness of names, for fixes and messages that suggest what a misspelt name meant. */

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The candidate closest to `name` (ties: the first), or undefined when there is none. */
export function closest(name: string, candidates: string[], normalize = (s: string) => s): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(normalize(candidate), normalize(name));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
