import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../base/errors.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { CAST_BYTES_PER_ELEMENT, layerTimes } from './layer-time.js';
import { resolvePlan } from './plan.js';
import type { PlanInput } from './plan-args.js';
import { train } from './train.js';

const gb200 = buildPreset('gb200-nvl72', {}, 72);
const llama70 = models.get('llama3-70b');
const layout: PlanInput = { tp: 2, pp: 4, vpp: 5, mbs: 1, gbs: 256, seq: 8192, dp: 8, tpOverlap: true };

describe('training number formats', () => {
  it('NVFP4 runs the linear layers on the FP4 tensor cores: faster than FP8, MFU against the FP4 peak, GEMM inputs kept in 0.5625 B', () => {
    const fp8 = train(gb200, llama70, { ...layout, precision: 'fp8' });
    const fp4 = train(gb200, llama70, { ...layout, precision: 'nvfp4' });
    expect(fp4.tokensPerSecPerGpu).toBeGreaterThan(fp8.tokensPerSecPerGpu);
    // Attention, the head and the casts stay: nowhere near twice as fast.
    expect(fp4.tokensPerSecPerGpu).toBeLessThan(2 * fp8.tokensPerSecPerGpu);
    expect(fp4.mfu).toBeCloseTo(fp4.modelTflopsPerGpu / ((gb200.spec.gpu.peak.fp4 as number) / 1e12), 9);
    expect(fp4.memoryPerGpuGiB.activations).toBeLessThan(fp8.memoryPerGpuGiB.activations);
  });

  it("prices Transformer Engine's NVFP4 casts: a BF16 read and two 16-element-block copies, less than FP8's cast and transpose", () => {
    expect(CAST_BYTES_PER_ELEMENT.nvfp4).toBeCloseTo(2 + 2 * (0.5 + 1 / 16), 12);
    expect(CAST_BYTES_PER_ELEMENT.nvfp4).toBeLessThan(CAST_BYTES_PER_ELEMENT.fp8);
    const plan = resolvePlan(llama70, gb200, { ...layout, precision: 'nvfp4' });
    const bf16 = resolvePlan(llama70, gb200, { ...layout, precision: 'bf16' });
    expect(layerTimes(llama70, plan, gb200.spec.gpu, false).forwardS).toBeLessThan(layerTimes(llama70, bf16, gb200.spec.gpu, false).forwardS);
  });

  it('a GPU without the format refuses it, naming the field, the GPU and the formats it has', () => {
    const h100 = buildPreset('hgx-h100', {}, 64);
    expect(() => train(h100, llama70, { ...layout, precision: 'nvfp4' })).toThrow(ArgumentError);
    expect(() => train(h100, llama70, { ...layout, precision: 'nvfp4' })).toThrow(/H100.*no FP4 tensor rate.*bf16, fp8/);
  });
});
