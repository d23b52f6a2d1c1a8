import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../../units/units.js';
import { busBandwidth, type CollectiveContext } from '../types.js';
import { directSendRecv } from './direct.js';

const ctx: CollectiveContext = { op: 'sendrecv', ranks: 2, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: false };

describe('directSendRecv.time', () => {
  it('is alpha + S/B, busbw = algbw', () => {
    // 2 us + 1073741824 / 370e9 s = 2.9040 ms
    expect(directSendRecv.time(ctx)).toBeCloseTo(2e-6 + 2 ** 30 / 370e9, 12);
    expect(busBandwidth('sendrecv', 2, ctx.bytes, directSendRecv.time(ctx))).toBeCloseTo(ctx.bytes / directSendRecv.time(ctx), 3);
  });
});

describe('directSendRecv.schedule', () => {
  it('sends each rank to its successor, so two ranks swap buffers', () => {
    expect(directSendRecv.schedule(ctx).transfers.map((t) => [t.src, t.dst])).toEqual([
      [{ rank: 0 }, { rank: 1 }],
      [{ rank: 1 }, { rank: 0 }],
    ]);
  });
});
