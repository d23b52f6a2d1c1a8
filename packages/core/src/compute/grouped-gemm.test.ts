import { describe, expect, it } from 'vitest';
import { generationOf } from '../hardware/generations.js';
import { gpus } from '../hardware/gpus.js';
import { efficiencyCurves } from './efficiency.js';
import { familyOf, GROUPED_GEMM_EFFICIENCY, groupedGemmEfficiency, MOE_PER_EXPERT_S, moeFixedS } from './grouped-gemm.js';
import { GEMM_FLOOR_S, gemmFloorS } from './kernel-floors.js';
import { opTime } from './roofline.js';

const h100 = gpus.get('h100-sxm');
const kernels = efficiencyCurves.get('measured-kernels');

describe('generationOf', () => {
  it('groups the catalogue by tensor-core generation, Hopper for GPUs the tables do not cover', () => {
    expect(['h100-sxm', 'h200', 'h800', 'h20'].map(generationOf)).toEqual(['hopper', 'hopper', 'hopper', 'hopper']);
    expect(['b200', 'gb200', 'b300'].map(generationOf)).toEqual(['blackwell', 'blackwell', 'blackwell']);
    expect(generationOf('mi300x')).toBe('hopper');
  });
});

describe('gemmFloorS', () => {
  it('reads the fitted floor by generation and precision', () => {
    expect(gemmFloorS('h800', 'fp8')).toBe(GEMM_FLOOR_S.hopper.fp8);
    expect(gemmFloorS('b300', 'bf16')).toBe(GEMM_FLOOR_S.blackwell.bf16);
  });

  it('sets most of the time of a tiny GEMM', () => {
    // 16 x 256 x 256 BF16: 2 MFLOP on 2 tiles of 132 SMs (k = 256 too short to split) take 1.2 us, its 0.14 MB of HBM
    // 0.45 us; the floor, 3.0 us, is most of the 4.2 us.
    const t = opTime({ flops: 2 * 16 * 256 * 256, bytes: 2 * (16 * 256 + 256 * 256 + 16 * 256), shape: { m: 16, n: 256, k: 256 } }, h100, 'bf16', kernels);
    expect(t.seconds).toBeGreaterThan(3.0e-6);
    expect(t.seconds).toBeLessThan(4.5e-6);
  });
});

describe('groupedGemmEfficiency', () => {
  it('leaves plain GEMMs alone and maps layouts to their kernel family', () => {
    expect(groupedGemmEfficiency({ m: 512, n: 4096, k: 7168 }, 'h100-sxm')).toBe(1);
    expect([familyOf('masked'), familyOf('contiguous'), familyOf('fused')]).toEqual(['deepgemm', 'deepgemm', 'fused-moe']);
  });

  it('runs fused MoE modules' + "'" + ' narrow experts further below the dense rate than wide ones', () => {
    // peak x w / (w + half): the down-projection of a 2,048-wide expert (k = 2048) against a 512-wide one (k = 512).
    const { peak, widthHalf } = GROUPED_GEMM_EFFICIENCY['fused-moe'].hopper;
    const wide = groupedGemmEfficiency({ m: 256, n: 7168, k: 2048, batch: 8, layout: 'fused' }, 'h100-sxm');
    const narrow = groupedGemmEfficiency({ m: 256, n: 7168, k: 512, batch: 8, layout: 'fused' }, 'h100-sxm');
    expect(wide).toBeCloseTo((peak * 2048) / (2048 + widthHalf), 12);
    expect(narrow).toBeLessThan(wide);
  });

  it('puts DeepGEMM-class layouts at their own fitted share', () => {
    const e = groupedGemmEfficiency({ m: 512, n: 4096, k: 7168, batch: 2, layout: 'masked' }, 'h800');
    expect(e).toBe(GROUPED_GEMM_EFFICIENCY.deepgemm.hopper.peak);
  });
});

describe('moeFixedS', () => {
  it('charges each generation its fitted routing cost, and a part for every expert a GPU holds', () => {
    expect(moeFixedS('h200', 32)).toBeGreaterThan(5e-6);
    expect(moeFixedS('b200', 32)).toBeGreaterThan(moeFixedS('h200', 32));
    // DeepSeek-V3's experts split by TP 8 (256 a GPU) against spread by EP 8 (32): the measured tables' H200 module at
    // one token takes 114.7 against 40.1 us; the model's fixed parts differ by 224 experts' share.
    expect(moeFixedS('h200', 256) - moeFixedS('h200', 32)).toBeCloseTo(224 * MOE_PER_EXPERT_S.hopper, 12);
    expect(MOE_PER_EXPERT_S.hopper).toBeGreaterThan(0);
  });
});
