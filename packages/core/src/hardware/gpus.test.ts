import { describe, expect, it } from 'vitest';
import { publishedCase } from '../../../../test/published-cases.js';
import { toGBps, toTBps, toTflops } from '../units/units.js';
import { gpus } from './gpus.js';

const devCase = (id: string) => publishedCase(id, 'spec');

interface PeakSpecs {
  BF16_dense_TFLOPS: number | null;
  FP8_dense_TFLOPS: number | null;
  FP4_dense_TFLOPS: number | null;
  HBM_GB: number | null;
  HBM_TBps: number | null;
  TDP_W: number | null;
}

/** Published tables round to three or four significant figures (MI300X: 1307.4 is printed as 1300). */
const TABLE_ROUNDING = 0.01;
const withinRounding = (ours: number, published: number) => Math.abs(ours - published) <= TABLE_ROUNDING * published;

const DEV_CASE_TO_GPU: Record<string, string> = {
  'spec-NVIDIA_A100_SXM_80GB': 'a100-80g',
  'spec-NVIDIA_H100_SXM': 'h100-sxm',
  'spec-NVIDIA_H200_SXM': 'h200',
  'spec-NVIDIA_B200_SXM': 'b200',
  'spec-NVIDIA_GB200_per_GPU': 'gb200',
  'spec-NVIDIA_B300_SXM': 'b300',
  'spec-AMD_MI300X': 'mi300x',
};

describe('gpus.get', () => {
  it.each(Object.entries(DEV_CASE_TO_GPU))('%s matches %s on every figure cases.json gives', (caseId, gpuId) => {
    const published = devCase(caseId).value as PeakSpecs;
    const gpu = gpus.get(gpuId);
    // Each non-null published figure is a fact the preset must carry; null means the source has none.
    const checks: [number | null, number][] = [
      [published.BF16_dense_TFLOPS, toTflops(gpu.peak.bf16)],
      [published.FP8_dense_TFLOPS, gpu.peak.fp8 === null ? Number.NaN : toTflops(gpu.peak.fp8)],
      [published.FP4_dense_TFLOPS, gpu.peak.fp4 === null ? Number.NaN : toTflops(gpu.peak.fp4)],
      [published.HBM_GB, gpu.hbmCapacity / 1e9],
      [published.HBM_TBps, toTBps(gpu.hbmBandwidth)],
      [published.TDP_W, gpu.tdp],
    ];
    for (const [want, ours] of checks) {
      if (want !== null) expect(withinRounding(ours, want), `${ours} vs published ${want}`).toBe(true);
    }
  });

  it('gives every GPU the scale-up bandwidth per direction that cases.json states', () => {
    // links x per-link GB/s per direction, against the "N GB/s unidir" text in each case's conditions.
    const perDirection = (id: string) => gpus.get(id).scaleUpLinks * toGBps(gpus.get(id).scaleUpLinkBandwidth);
    expect(perDirection('a100-80g')).toBe(300); // NVLink3 12 links, 300 GB/s unidir
    expect(String(devCase('spec-NVIDIA_A100_SXM_80GB').conditions.NVLink)).toContain('300 GB/s unidir');
    expect(perDirection('h100-sxm')).toBe(450); // NVLink4 18 links, 450 GB/s unidir
    expect(String(devCase('spec-NVIDIA_H100_SXM').conditions.NVLink)).toContain('450 GB/s unidir');
    expect(perDirection('b200')).toBe(900); // NVLink5 18 links, 900 GB/s unidir
    expect(String(devCase('spec-NVIDIA_B200_SXM').conditions.NVLink)).toContain('900 GB/s unidir');
    expect(perDirection('mi300x')).toBe(448); // 7 xGMI links x 64 GB/s
    expect(String(devCase('spec-AMD_MI300X').conditions.xGMI)).toContain('448 GB/s');
  });

  it('gives the H800 the 400 GB/s bidirectional NVLink that HPN reports', () => {
    const h800 = gpus.get('h800');
    // Bidirectional = 2 x per direction = 2 x 8 x 25 GB/s.
    expect(2 * h800.scaleUpLinks * toGBps(h800.scaleUpLinkBandwidth)).toBe(devCase('spec-H800').value);
  });

  it('gives the Ascend 910C 392 GB/s of UB per direction, as CloudMatrix384 states', () => {
    const npu = gpus.get('ascend-910c');
    // 7 L1 UB switch planes x 56 GB/s (2 dies x 28 GB/s) = 392 GB/s.
    expect(npu.scaleUpLinks * toGBps(npu.scaleUpLinkBandwidth)).toBe(392);
  });
});

describe('gpus.ids', () => {
  it('lists exactly the catalogue the presets name', () => {
    // Presets and scenarios refer to these ids; a rename here must be a conscious change there.
    expect(gpus.ids).toEqual(['a100-80g', 'h100-sxm', 'h200', 'h800', 'h20', 'b200', 'gb200', 'b300', 'gb300', 'mi300x', 'ascend-910c', 'ppu']);
  });
});

describe('gpus.entries', () => {
  it('never states FP4 without FP8, nor FP8 below BF16', () => {
    // Every tensor core that runs FP4 also runs FP8, and narrower formats never run slower.
    for (const gpu of gpus.entries) {
      if (gpu.peak.fp4 !== null) expect(gpu.peak.fp8, gpu.id).not.toBeNull();
      if (gpu.peak.fp8 !== null) expect(gpu.peak.fp8, gpu.id).toBeGreaterThanOrEqual(gpu.peak.bf16);
      if (gpu.peak.fp4 !== null && gpu.peak.fp8 !== null) {
        expect(gpu.peak.fp4, gpu.id).toBeGreaterThanOrEqual(gpu.peak.fp8);
      }
    }
  });

  it('labels every price as an assumption', () => {
    // No vendor publishes GPU prices, so each entry must say its price is ours.
    for (const gpu of gpus.entries) {
      expect(
        gpu.assumptions.some((a) => a.includes('price')),
        gpu.id,
      ).toBe(true);
    }
  });
});
