import { describe, expect, it } from 'vitest';
import { computeUnitsOf, DEFAULT_COMPUTE_UNITS, GEMM_K_HALF, gemmSaturation } from './saturation.js';

describe('gemmSaturation', () => {
  it('multiplies tile padding, SM occupancy and the k ramp', () => {
    // 200 x 300 x 1000 on 132 SMs: tiles 2 x 3 = 6, padding 60000 / (6 x 16384) = 0.6104,
    // occupancy 6 / 132, ramp 1000 / 1340.
    expect(gemmSaturation({ m: 200, n: 300, k: 1000 }, 132)).toBeCloseTo((60000 / (6 * 16384)) * (6 / 132) * (1000 / (1000 + GEMM_K_HALF)), 12);
  });

  it('is the k ramp alone once the tiles fill the SMs', () => {
    // 8192 x 8192: 64 x 64 = 4096 tiles on 132 SMs; no padding; ramp 8192 / 8532 = 0.9601.
    expect(gemmSaturation({ m: 8192, n: 8192, k: 8192 }, 132)).toBeCloseTo(8192 / 8532, 12);
  });

  it('counts the tiles of every batch member', () => {
    // 128 x 128: one tile; 132 of them fill the GPU.
    expect(gemmSaturation({ m: 128, n: 128, k: 340, batch: 132 }, 132)).toBeCloseTo(0.5, 12);
  });

  it('rejects an empty shape', () => {
    expect(() => gemmSaturation({ m: 0, n: 1, k: 1 }, 132)).toThrow(RangeError);
  });
});

describe('computeUnitsOf', () => {
  it('reads the table and falls back to the named default', () => {
    expect(computeUnitsOf('a100-80g')).toBe(108);
    expect(computeUnitsOf('ppu')).toBe(DEFAULT_COMPUTE_UNITS);
  });
});
