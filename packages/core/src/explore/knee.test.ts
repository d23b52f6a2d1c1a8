import { describe, expect, it } from 'vitest';
import { bestPerGroup, knee } from './knee.js';

describe('knee', () => {
  it('knee is the last value a step still paid at least the threshold for, past any flat early step', () => {
    const { gains, kneeIndex } = knee([100, 108, 150, 195, 200], 'max', 0.1);
    expect(gains.map((g) => Number(g.toFixed(3)))).toEqual([0.08, 0.389, 0.3, 0.026]);
    expect(kneeIndex).toBe(3);
    // Minimizing cost: 1.0 -> 0.5 halves it (+100% better), 0.5 -> 0.48 is 4%: the knee is the second value.
    expect(knee([1, 0.5, 0.48], 'min', 0.1).kneeIndex).toBe(1);
    expect(knee([1, 2, 4], 'max', 0.1).kneeIndex).toBe(2);
  });
});

describe('bestPerGroup', () => {
  it('bestPerGroup keeps the best row of each group, groups in ascending order', () => {
    const rows = [
      { d: 16, r: 'a', v: 3 },
      { d: 8, r: 'a', v: 1 },
      { d: 16, r: 'b', v: 5 },
      { d: 8, r: 'b', v: Number.NaN },
    ];
    expect(bestPerGroup(rows, 'd', 'v', 'max').map((r) => [r.d, r.r])).toEqual([
      [8, 'a'],
      [16, 'b'],
    ]);
  });
});
