import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { minLatencyMoeS, TRTLLM_GEN_COMPUTE_SHARE, TRTLLM_GEN_FIXED_S, TRTLLM_GEN_STREAM_SHARE } from '../compute/min-latency-moe.js';
import { gpus } from '../hardware/gpus.js';
import { models } from '../models/registry.js';
import { buildPreset, refusalOf } from '../test-support.js';
import { interactivityCurve } from './curve.js';
import { replicaDeployment } from './replica-deployment.js';
import { StepCostModel } from './step-cost.js';

const b200 = buildPreset('hgx-b200');
const deepseek = models.get('deepseek-v3');
/** TensorRT-LLM's B200 min-latency layout: TP 8 attention, experts EP 2 x TP 4, NVFP4 experts with BF16 attention. */
const minLatency = { tp: 8, ep: true, moeTp: 4, precision: 'nvfp4', attentionPrecision: 'bf16', engine: 'trtllm' } as const;

describe('the MoE backend (--moe-backend)', () => {
  it('minLatencyMoeS: a fixed cost, the touched experts streamed, their math, in closed form', () => {
    // DeepSeek-V3 on B200, EP 2 x TP 4, 4 tokens: 128 (1 - (31/32)^4) = 15.2 of 128 local experts touched, each
    // 3 x 7,168 x 512 x 0.5625 B; 16 copies of 2 x 3 x 7,168 x 512 FLOPs.
    const touched = 128 * (1 - (31 / 32) ** 4);
    const bytes = touched * 3 * 7168 * 512 * 0.5625;
    const flops = 16 * 2 * 3 * 7168 * 512;
    const gpu = gpus.get('b200');
    const expected = TRTLLM_GEN_FIXED_S + bytes / (8e12 * TRTLLM_GEN_STREAM_SHARE) + flops / (9e15 * TRTLLM_GEN_COMPUTE_SHARE);
    const load = {
      tokens: 4,
      experts: 256,
      expertsPerToken: 8,
      localExperts: 128,
      imbalance: 0,
      hidden: 7168,
      expertFfn: 512,
      gated: true,
      bytesPerElement: 0.5625,
      ep: 2,
    };
    expect(minLatencyMoeS(load, gpu)).toBeCloseTo(expected, 12);
    // The measured table's row (b200_sxm moe_perf, moe_torch_flow_min_latency, 4 tokens): 36.8 us; the model within 10%.
    expect(minLatencyMoeS(load, gpu) / 36.78e-6).toBeGreaterThan(0.9);
    expect(minLatencyMoeS(load, gpu) / 36.78e-6).toBeLessThan(1.1);
    // More tokens touch more experts and cost more; one token touches at least one.
    expect(minLatencyMoeS({ ...load, tokens: 8 }, gpu)).toBeGreaterThan(minLatencyMoeS(load, gpu));
    expect(minLatencyMoeS({ ...load, tokens: 0 }, gpu)).toBeGreaterThan(TRTLLM_GEN_FIXED_S);
  });

  it('trtllm-gen makes a batch-1 decode step faster than the CUTLASS module, the engine default, on the same layout', () => {
    const session = new CollectiveSession(b200);
    const step = (moeBackend?: 'cutlass' | 'trtllm-gen') => {
      const { shape } = replicaDeployment(b200, deepseek, { ...minLatency, ...(moeBackend ? { moeBackend } : {}) });
      return new StepCostModel(deepseek, shape, session).step({ decodes: 1, decodeKvTokens: 2048, prefillTokens: 0, prefillPairs: 0, sampled: 1 }).seconds;
    };
    expect(step()).toBeCloseTo(step('cutlass'), 12);
    // 58 MoE layers, each some 60 us less (the CUTLASS module's per-expert cost over 128 local experts, its GEMM floors).
    expect(step() - step('trtllm-gen')).toBeGreaterThan(58 * 40e-6);
  });

  it('refuses a backend that does not apply, naming the field', () => {
    const refused = (model: string, options: object) => refusalOf(() => replicaDeployment(b200, models.get(model), { ...minLatency, ...options } as never));
    expect(refused('deepseek-v3', { precision: 'fp8', attentionPrecision: 'fp8', moeBackend: 'trtllm-gen' })).toMatch(
      /moeBackend.*FP4 experts.*received precision fp8/,
    );
    expect(refused('llama3-8b', { ep: false, moeTp: 1, moeBackend: 'cutlass' })).toMatch(/moeBackend.*llama3-8b is dense/);
  });

  it('the curve prices its FP4 points with trtllm-gen and its other formats with the CUTLASS module', () => {
    const curve = (moeKernels: 'fused-moe' | 'trtllm-gen') =>
      interactivityCurve(b200, deepseek, {
        ...{ inputTokens: 1024, outputTokens: 256, precisions: ['fp8', 'nvfp4'], mtp: false, maxGpusPerReplica: 8 },
        engine: () => ({ moeKernels }),
      }).points;
    const [cutlass, gen] = [curve('fused-moe'), curve('trtllm-gen')];
    expect(gen.length).toBe(cutlass.length);
    const speeds = (points: typeof gen, precision: string) => points.filter((p) => p.config.precision === precision).map((p) => p.tokensPerSecPerUser);
    expect(speeds(gen, 'fp8')).toEqual(speeds(cutlass, 'fp8'));
    // At batch 1 the FP4 experts run faster on the min-latency module.
    expect(Math.max(...speeds(gen, 'nvfp4'))).toBeGreaterThan(Math.max(...speeds(cutlass, 'nvfp4')));
  });
});
