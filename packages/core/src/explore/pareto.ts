/** Pareto fronts: the points no other point beats on every objective at once. */

import type { Objective } from './spec.js';

export interface Scored<T> {
  readonly item: T;
  /** One value per objective, in the objectives' order. */
  readonly values: readonly number[];
}

/** a is at least as good as b on every objective and better on one. */
function dominates(a: readonly number[], b: readonly number[], goals: readonly Objective['goal'][]): boolean {
  let better = false;
  for (let i = 0; i < goals.length; i++) {
    const d = goals[i] === 'min' ? (b[i] as number) - (a[i] as number) : (a[i] as number) - (b[i] as number);
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * The non-dominated items, sorted by the first objective (best first). Items with a non-finite value are left out. Two
 * objectives: one sort and a sweep, O(n log n); more: pairwise, O(n^2).
 * Example (max x, min y): (1, 1) (2, 3) (2, 2) (3, 5) -> (3, 5) (2, 2) (1, 1); (2, 3) loses to (2, 2).
 */
export function paretoFront<T>(items: readonly Scored<T>[], goals: readonly Objective['goal'][]): Scored<T>[] {
  const finite = items.filter((s) => s.values.length === goals.length && s.values.every(Number.isFinite));
  const sign = goals.map((g) => (g === 'max' ? -1 : 1));
  const key = (s: Scored<T>, i: number) => (sign[i] as number) * (s.values[i] as number);
  const sorted = [...finite].sort((a, b) => key(a, 0) - key(b, 0) || (goals.length > 1 ? key(a, 1) - key(b, 1) : 0));
  if (goals.length === 2) {
    const front: Scored<T>[] = [];
    let best = Number.POSITIVE_INFINITY;
    for (const s of sorted) {
      if (key(s, 1) < best) {
        front.push(s);
        best = key(s, 1);
      }
    }
    return front;
  }
  return sorted.filter((s) => !sorted.some((o) => o !== s && dominates(o.values, s.values, goals)));
}
