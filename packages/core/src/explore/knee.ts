/** Knees: along an ordered axis (domain size, GPUs), where doubling it stops paying. */

/** The best row per value of `by`, in ascending order of that value (numbers numerically, labels as text). */
export function bestPerGroup<T extends Record<string, unknown>>(rows: readonly T[], by: string, metric: string, goal: 'min' | 'max'): T[] {
  const best = new Map<unknown, T>();
  for (const r of rows) {
    const v = Number(r[metric]);
    if (!Number.isFinite(v)) continue;
    const held = best.get(r[by]);
    if (held === undefined || (goal === 'max' ? v > Number(held[metric]) : v < Number(held[metric]))) best.set(r[by], r);
  }
  const order = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));
  return [...best.entries()].sort(([a], [b]) => order(a, b)).map(([, r]) => r);
}

/**
 * Gains step to step, and the knee: the value reached by the last step that improves by at least `threshold` (a share:
 * 0.1 = 10%); past it no step pays. Example (max): 100, 108, 150, 195, 200 -> gains +8%, +39%, +30%, +2.6%; the knee is
 * 195, the last value worth its step (the flat first step does not end the climb).
 */
export function knee(values: readonly number[], goal: 'min' | 'max', threshold: number): { gains: number[]; kneeIndex: number } {
  const gains = values.slice(1).map((v, i) => {
    const prev = values[i] as number;
    return goal === 'max' ? v / prev - 1 : prev / v - 1;
  });
  let kneeIndex = 0;
  gains.forEach((g, i) => {
    if (g >= threshold) kneeIndex = i + 1;
  });
  return { gains, kneeIndex };
}
