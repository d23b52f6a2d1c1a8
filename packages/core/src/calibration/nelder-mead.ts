/** Nelder-Mead minimisation of a function of a few variables: no derivatives, deterministic, for fitting a handful of named constants. */

export interface Minimum {
  readonly x: readonly number[];
  readonly value: number;
  readonly evaluations: number;
}

/**
 * Minimises `f` from `start`, the first simplex stepping `step` along each axis (Nelder and Mead, 1965; reflection 1,
 * expansion 2, contraction and shrink 1/2), until the simplex's values agree within `tolerance` or `maxEvaluations`
 * run out. Example: f(x) = (x0 - 1)^2 + (x1 + 2)^2 from [0, 0] ends within 1e-4 of [1, -2].
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: { readonly step?: number; readonly tolerance?: number; readonly maxEvaluations?: number } = {},
): Minimum {
  const n = start.length;
  const step = options.step ?? 0.1;
  const tolerance = options.tolerance ?? 1e-10;
  const max = options.maxEvaluations ?? 200 * (n + 1);
  let evaluations = 0;
  const value = (x: readonly number[]) => {
    evaluations++;
    return f(x);
  };
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, v: value(x) }));
  const along = (from: readonly number[], to: readonly number[], t: number) => from.map((a, i) => a + t * ((to[i] as number) - a));
  while (evaluations < max) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0] as { x: readonly number[]; v: number };
    const worst = simplex[n] as { x: readonly number[]; v: number };
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) break;
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((s, p) => s + (p.x[i] as number), 0) / n);
    const reflected = along(centroid, worst.x, -1);
    const r = value(reflected);
    const secondWorst = (simplex[n - 1] as { v: number }).v;
    if (r < best.v) {
      const expanded = along(centroid, worst.x, -2);
      const e = value(expanded);
      simplex[n] = e < r ? { x: expanded, v: e } : { x: reflected, v: r };
    } else if (r < secondWorst) {
      simplex[n] = { x: reflected, v: r };
    } else {
      const contracted = r < worst.v ? along(centroid, reflected, 0.5) : along(centroid, worst.x, 0.5);
      const c = value(contracted);
      if (c < Math.min(r, worst.v)) simplex[n] = { x: contracted, v: c };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: along(best.x, p.x, 0.5), v: value(along(best.x, p.x, 0.5)) }));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  const found = simplex[0] as { x: readonly number[]; v: number };
  return { x: found.x, value: found.v, evaluations };
}
