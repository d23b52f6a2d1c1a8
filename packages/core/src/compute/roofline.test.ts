import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { gpus } from '../hardware/gpus.js';
import { approxEqual } from '../units/units.js';
import { efficiencyCurves, HBM_LATENCY_S } from './efficiency.js';
import { BLOCK_SCALED_OVERLAP_P } from './kernel-floors.js';
import { opsTime, opTime, overlapped } from './roofline.js';

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

  it("overlaps a block-scaled GEMM's math and reads only partly near its ridge; a BF16 GEMM fully", () => {
    // A GEMM near an H100's FP8 ridge: m = 256 rows through a 4096 x 7168 FP8 weight, 15 GFLOP against 32 MB.
    const shape = { m: 256, n: 4096, k: 7168 };
    const fp8 = opTime({ flops: 2 * 256 * 4096 * 7168, bytes: 4096 * 7168 + 256 * (4096 + 7168) * 1, shape }, h100, 'fp8');
    const floor = 4.8e-6; // Hopper's block-FP8 GEMM floor (GEMM_FLOOR_S)
    const p = BLOCK_SCALED_OVERLAP_P;
    expect(p).toBe(2.75);
    const expected = (fp8.computeS ** p + fp8.memoryS ** p) ** (1 / p);
    expect(fp8.seconds).toBeCloseTo(floor + expected, 12);
    // Near the ridge the loss is real: more than 10% over the slower side here; the roofline alone would hide it.
    expect(fp8.seconds - floor).toBeGreaterThan(1.1 * Math.max(fp8.computeS, fp8.memoryS));
    // The same shape in BF16 takes the slower side, as the kernel tables' BF16 rows show.
    const bf16 = opTime({ flops: 2 * 256 * 4096 * 7168, bytes: 2 * (4096 * 7168 + 256 * (4096 + 7168)), shape }, h100, 'bf16');
    expect(bf16.seconds).toBeCloseTo(3.0e-6 + Math.max(bf16.computeS, bf16.memoryS), 12);
  });

  it('combines two sides as a p-norm: the sum at p 1, the slower at Infinity, 2^(1/3) of either at a p-3 ridge', () => {
    expect(overlapped(2, 3, 1)).toBeCloseTo(5, 12);
    expect(overlapped(2, 3, Number.POSITIVE_INFINITY)).toBe(3);
    expect(overlapped(4, 4, 3)).toBeCloseTo(4 * 2 ** (1 / 3), 12);
    expect(overlapped(0, 4, 3)).toBe(4);
    // Far from the ridge the slower side sets it: 1 : 5 costs 0.3% over it.
    expect(overlapped(1, 5, 3) / 5).toBeCloseTo(1.0027, 4);
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
