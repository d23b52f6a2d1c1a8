import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { gpus } from '../hardware/gpus.js';
import { expertBackwardOps, expertOps } from './expert-ops.js';
import { opTime } from './roofline.js';
import type { Op } from './types.js';

const h100 = gpus.get('h100-sxm');
const sum = (ops: readonly Op[]) => ops.reduce((s, op) => s + op.flops, 0);
const dsv3 = { hidden: 7168, expertFfn: 2048, gated: true, experts: 8 };

describe('expertOps', () => {
  it('counts 2 t h 2f + 2 t f h FLOPs per gated expert', () => {
    // 8 experts x 16 tokens: 8 x (2 x 16 x 7168 x 4096 + 2 x 16 x 2048 x 7168) = 1.127e10 FLOP.
    expect(sum(expertOps({ ...dsv3, tokensPerExpert: 16 }))).toBe(8 * (2 * 16 * 7168 * 4096 + 2 * 16 * 2048 * 7168));
  });

  it('runs few tokens per expert far less efficiently than many', () => {
    // Compute time per FLOP: 16 tokens fill 16/64 of each small-m tile; 8 experts x 32 tiles = 256 still cover the 132
    // SMs and k = 7168 is the same, so the padding alone sets the ratio: 64 / 16 = 4.
    const perFlop = (tokensPerExpert: number) => {
      const up = expertOps({ ...dsv3, tokensPerExpert })[0];
      if (!up) throw new Error('no mlp-up op');
      return opTime(up, h100, 'bf16').computeS / up.flops;
    };
    expect(perFlop(16) / perFlop(4096)).toBeCloseTo(4, 9);
  });

  it('splits k over the SMs a lone expert with few tokens leaves idle', () => {
    // One expert, 16 tokens: 32 tiles split 5 ways (ceil(132/32)) fill the SMs, each slice 7168/5 = 1433.6 deep, so
    // the padding (4x) and the shorter ramp set the cost per FLOP: 4 x (7168/7351) / (1433.6/1616.6).
    const lone = (tokensPerExpert: number) => {
      const up = expertOps({ ...dsv3, experts: 1, tokensPerExpert })[0];
      if (!up) throw new Error('no mlp-up op');
      return opTime(up, h100, 'bf16').computeS / up.flops;
    };
    expect(lone(16) / lone(4096)).toBeCloseTo((4 * (7168 / 7351)) / (1433.6 / 1616.6), 9);
  });

  it('is memory-bound at 16 tokens per expert', () => {
    // 16 FLOP per weight byte is far below the H100 ridge, 989e12 / 3.35e12 = 295.
    const up = expertOps({ ...dsv3, tokensPerExpert: 16 })[0];
    expect(up && opTime(up, h100, 'bf16').bound).toBe('memory');
  });

  it('costs nothing for an expert that receives no tokens', () => {
    for (const op of expertOps({ ...dsv3, tokensPerExpert: 0 })) expect([op.flops, op.bytes]).toEqual([0, 0]);
  });

  it('rejects a negative token count', () => {
    expect(() => expertOps({ ...dsv3, tokensPerExpert: -1 })).toThrow(ConfigError);
  });
});

describe('expertBackwardOps', () => {
  it('is twice the forward FLOPs', () => {
    const shape = { ...dsv3, tokensPerExpert: 300 };
    expect(sum(expertBackwardOps(shape))).toBe(2 * sum(expertOps(shape)));
  });
});
