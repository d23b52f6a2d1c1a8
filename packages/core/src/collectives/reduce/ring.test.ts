import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import { ringBroadcast } from '../broadcast/ring.js';
import type { CollectiveContext } from '../types.js';
import { ringReduce } from './ring.js';

const ctx: CollectiveContext = { op: 'reduce', ranks: 8, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('ringReduce.time', () => {
  it('costs what ring broadcast costs: the same chain run backwards (3.3141 ms)', () => {
    expect(ringReduce.time(ctx)).toBeCloseTo(ringBroadcast.time({ ...ctx, op: 'broadcast' }), 15);
    expect(ringReduce.time(ctx)).toBeCloseTo(3.3141e-3, 7);
  });
});

describe('ringReduce.schedule', () => {
  it('ends every chunk at the root, rank 0', () => {
    const { transfers } = ringReduce.schedule(ctx);
    expect(transfers[6]).toMatchObject({ src: { rank: 1 }, dst: { rank: 0 } });
    expect(transfers.filter((t) => 'rank' in t.src && t.src.rank === 0)).toEqual([]);
  });
});
