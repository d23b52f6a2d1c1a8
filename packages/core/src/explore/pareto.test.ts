import { describe, expect, it } from 'vitest';
import { paretoFront } from './pareto.js';

const scored = (values: number[][]) => values.map((v, i) => ({ item: i, values: v }));

describe('paretoFront', () => {
  it('paretoFront keeps the points nothing beats on both objectives, best first', () => {
    // max x, min y: (2, 3) loses to (2, 2); (1, 1), (2, 2) and (3, 5) each win somewhere.
    const front = paretoFront(
      scored([
        [1, 1],
        [2, 3],
        [2, 2],
        [3, 5],
      ]),
      ['max', 'min'],
    );
    expect(front.map((s) => s.item)).toEqual([3, 2, 0]);
  });

  it('paretoFront over three objectives agrees with the pairwise definition, and skips non-finite points', () => {
    const points = scored([
      [1, 1, 1],
      [2, 2, 3],
      [0, 3, 5],
      [1, 1, 2],
      [Number.NaN, 9, 9],
    ]);
    const front = paretoFront(points, ['max', 'max', 'min']).map((s) => s.item);
    // max, max, min: (1,1,2) loses to (1,1,1); (2,2,3) and (0,3,5) each win on one objective; the NaN point is out.
    expect(front.sort()).toEqual([0, 1, 2].sort());
  });
});
