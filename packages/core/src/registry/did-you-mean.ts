/** Nearest-name suggestions for error messages ("did you mean 'al128'?"). */

/** Levenshtein distance between two strings, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidate the user most likely meant: the shortest one that extends `name` by a whole segment (users type
 * `h100` for `h100-sxm`), else the closest within a third of the name's length (at least 2 edits), else undefined.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const list = [...candidates];
  const prefixed = list.filter((c) => c.toLowerCase().startsWith(lower) && /[-_./]/.test(c.charAt(name.length))).sort((a, b) => a.length - b.length);
  if (lower.length >= 2 && prefixed[0] !== undefined) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 3)) + 1;
  for (const candidate of list) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
