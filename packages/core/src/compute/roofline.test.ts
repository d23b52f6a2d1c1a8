import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { gpus } from '../hardware/gpus.js';
import { approxEqual } from '../units/units.js';
import { efficiencyCurves, HBM_LATENCY_S } from './efficiency.js';
import { opsTime, opTime } from './roofline.js';

const h100 = gpus.get('h100-sxm');

describe('opTime', () => {
  it('times the header example: H100 BF16 8192^3 GEMM, compute-bound, 1.399 ms', () => {
    // 2 x 8192^3 / (989e12 x 0.8144 x 8192/(8192 + 183)) = 1.0995e12 / 7.878e14 = 1.3956 ms, plus Hopper's 3.0 us BF16 GEMM floor.
    const n = 8192;
    const t = opTime({ flops: 2 * n ** 3, bytes: 3 * n * n * 2, shape: { m: n, n, k: n } }, h100, 'bf16');
    expect(t.bound).toBe('compute');
    expect(t.seconds * 1e3).toBeCloseTo(1.3986, 4);
    // Memory side: 402.7 MB / (3.35e12 x 0.866) + 0.4 us = 0.1392 ms.
    expect(t.memoryS * 1e3).toBeCloseTo(0.1392, 4);
  });

  it('times a memory-bound op as bytes / (hbm x eff) plus the HBM latency', () => {
    // 10 GB of copies, no tensor work: 1e10 / (3.35e12 x 2.9/3.35) + 0.4 us = 1e10 / 2.9e12 + 4e-7 = 3.4487 ms.
    const t = opTime({ flops: 0, bytes: 1e10 }, h100, 'bf16');
    expect(t.bound).toBe('memory');
    expect(t.computeS).toBe(0);
    expect(approxEqual(t.seconds, 1e10 / (3.35e12 * (2.9 / 3.35)) + HBM_LATENCY_S)).toBe(true);
  });

  it('runs a shapeless op at the plateau efficiency', () => {
    // 1e15 FLOP / (989e12 x 0.8144) = 1.2416 s: MAMF's 794.5 of 989 at k 13,312 over its ramp, 13,312 / 13,495.
    expect(opTime({ flops: 1e15, bytes: 0 }, h100, 'bf16').seconds).toBeCloseTo(1e15 / ((794.5e12 * 13495) / 13312), 9);
  });

  it('uses the curve it is given', () => {
    // Ideal: 1e15 / 989e12 = 1.0111 s.
    expect(opTime({ flops: 1e15, bytes: 0 }, h100, 'bf16', efficiencyCurves.get('ideal')).seconds).toBeCloseTo(1e15 / 989e12, 12);
  });

  it('refuses a precision the GPU lacks', () => {
    expect(() => opTime({ flops: 1, bytes: 0 }, gpus.get('a100-80g'), 'fp8')).toThrow(ConfigError);
  });
});

describe('opsTime', () => {
  it('sums the op times', () => {
    // 1e15 FLOP at 794.5e12 FLOP/s = 1.2587 s, plus 1e10 B at 2.9e12 B/s + 0.4 us = 3.4487 ms.
    const gemm = { flops: 1e15, bytes: 0 };
    const copy = { flops: 0, bytes: 1e10 };
    expect(approxEqual(opsTime([gemm, copy], h100, 'bf16'), opTime(gemm, h100, 'bf16').seconds + opTime(copy, h100, 'bf16').seconds)).toBe(true);
  });
});
