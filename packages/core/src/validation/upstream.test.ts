import { describe, expect, it } from 'vitest';
import type { PublishedCase } from './types.js';
import { diffUpstream } from './upstream.js';

const row = (id: string, value: unknown, extra: Record<string, unknown> = {}): PublishedCase => ({
  id,
  kind: 'collective',
  system: 's',
  conditions: { op: 'all_reduce', nccl: '2.20' },
  metric: 'busbw',
  value,
  unit: 'GB/s',
  source: 'src',
  ...extra,
});

describe('diffUpstream', () => {
  it('diffUpstream lists upstream ids the project lacks and those it holds with other figures', () => {
    // Upstream a and b(1); project b(2) and c: a is missing, b changed, c is the project's own.
    const d = diffUpstream([row('b', 2), row('c', 3)], [row('a', 1), row('b', 1)]);
    expect(d).toEqual({ missing: ['a'], changed: ['b'], same: 0 });
  });

  it('diffUpstream ignores key order and the project-only set tag', () => {
    // The same case written with its keys in another order and tagged holdout is not a change.
    const upstream = row('x', { on: 480, off: 370 });
    const ours = { ...row('x', { off: 370, on: 480 }), set: 'holdout' } as PublishedCase;
    expect(diffUpstream([ours], [upstream])).toEqual({ missing: [], changed: [], same: 1 });
  });
});
