import { describe, expect, it } from 'vitest';
import { publishedCase } from '../../../../test/published-cases.js';
import { gpus } from '../hardware/gpus.js';
import { toTBps } from '../units/units.js';
import { gemmMeasurements, hbmMeasurements, TABLE_CLOCK_FACTOR } from './measurements.js';
import { computeUnits } from './saturation.js';

const devCase = (id: string) => publishedCase(id);

describe('gemmMeasurements', () => {
  it('holds cases.json figures: rate, peak and shape of each MAMF row', () => {
    // e.g. spec-mamf-NVIDIA_H100_SXM-BF16: value 794.5, theoretical 989, best shape "2048x2048x13312".
    for (const m of gemmMeasurements.filter((row) => row.caseId.startsWith('spec-mamf-'))) {
      const c = devCase(m.caseId);
      expect(c.value).toBe(m.tflops);
      expect(c.conditions.theoretical_TFLOPS).toBe(m.peakTflops);
      expect(c.conditions.best_shape_MxNxK).toBe(`${m.shape.m}x${m.shape.n}x${m.shape.k}`);
    }
  });

  it('holds cases.json figures: each Azure cube under its precision key', () => {
    // Azure A100 ran FP16 (key FP16_16384^3), recorded as bf16: the A100's dense FP16 and BF16 rates are both 312.
    for (const m of gemmMeasurements.filter((row) => row.caseId.startsWith('spec-meas-Azure'))) {
      const precision = m.gpu === 'a100-80g' ? 'FP16' : m.precision.toUpperCase();
      const rates = (devCase(m.caseId).value as { gemm_TFLOPS: Record<string, number> }).gemm_TFLOPS;
      expect(rates[`${precision}_${m.shape.k}^3`]).toBe(m.tflops);
    }
  });

  it('holds cases.json figures: each kernel-table row its case latency at its shape, at TABLE_CLOCK_FACTOR', () => {
    // e.g. spec-meas-gemm-gb200-fp8-m4096-n65536-k8192: 1,259.25 us -> 3,492.6 TFLOP/s locked, x 0.91 = 3,178.3.
    const rows = gemmMeasurements.filter((row) => row.caseId.startsWith('spec-meas-gemm-'));
    expect(rows.length).toBe(12);
    for (const m of rows) {
      const c = devCase(m.caseId);
      const k = c.conditions as { m: number; n: number; k: number; gpu: string };
      expect([k.m, k.n, k.k, k.gpu]).toEqual([m.shape.m, m.shape.n, m.shape.k, m.gpu]);
      const locked = (2 * k.m * k.n * k.k) / ((c.value as number) * 1e-6) / 1e12;
      expect(m.tflops).toBeCloseTo(TABLE_CLOCK_FACTOR * locked, 1);
    }
  });

  it('names only catalogue GPUs, whose peak agrees with the source peak within 1%', () => {
    // MI300X: the catalogue holds 1307.4 (exact), MAMF divides by 1300: 0.6% apart.
    for (const m of gemmMeasurements) {
      if (m.gpu === null) continue;
      const peak = gpus.get(m.gpu).peak[m.precision] ?? Number.NaN;
      expect(Math.abs(peak / 1e12 / m.peakTflops - 1)).toBeLessThanOrEqual(0.01);
    }
  });
});

describe('hbmMeasurements', () => {
  it('holds the cases.json copy rate and the catalogue HBM bandwidth', () => {
    for (const m of hbmMeasurements) {
      expect((devCase(m.caseId).value as { hbm_TBps: { copy: number } }).hbm_TBps.copy).toBe(m.copyTBps);
      expect(toTBps(gpus.get(m.gpu).hbmBandwidth)).toBe(m.peakTBps);
    }
  });
});

describe('computeUnits', () => {
  it('is keyed by catalogue GPU ids', () => {
    for (const id of Object.keys(computeUnits)) expect(gpus.has(id), id).toBe(true);
  });
});
