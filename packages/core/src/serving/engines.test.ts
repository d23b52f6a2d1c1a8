import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import type { Seconds } from '../units/units.js';
import { kvBytesPerGpu } from './deployment.js';
import { engineSettings, engines } from './engines.js';
import { serve } from './serve.js';
import { prefillRate } from './steady.js';
import { generateRequests, type WorkloadSpec } from './workload.js';

const h100 = buildPreset('hgx-h100');
const llama8 = models.get('llama3-8b');

/** 600 requests at once, each 1,024 in and 4,096 out: their whole KV (3M tokens) is several times what one H100 holds. */
const offline: WorkloadSpec = {
  arrival: { kind: 'poisson', rateRps: 1e6 },
  requests: 600,
  input: { kind: 'fixed', tokens: 1024 },
  output: { kind: 'fixed', tokens: 4096 },
  seed: 3,
};

describe('serving engines', () => {
  it('an offline batch past the KV cache: vLLM admits above its watermark and preempts, TensorRT-LLM admits only what can finish and preempts none', () => {
    const run = (engine: string) => serve(h100, llama8, generateRequests(offline), { tp: 1, replicas: 1, engine, maxSeqs: 600 });
    const vllm = run('vllm');
    const trtllm = run('trtllm');
    expect(vllm.preemptions).toBeGreaterThan(50);
    expect(trtllm.preemptions).toBe(0);
    // Both finish every request.
    expect([vllm.requests, trtllm.requests]).toEqual([600, 600]);
  });

  it("SGLang's reservation admits fewer prompts at first than vLLM's watermark, so it preempts less on the same batch", () => {
    const run = (engine: string) => serve(h100, llama8, generateRequests(offline), { tp: 1, replicas: 1, engine, maxSeqs: 600, gpuMemoryUtilization: 0.9 });
    expect(run('sglang').preemptions).toBeLessThan(run('vllm').preemptions);
  });

  it('the memory share: of the whole GPU (vLLM, SGLang) or of what the weights leave (TensorRT-LLM), and --gpu-memory-utilization sets it', () => {
    // 79.6 GB usable, 16 GB of weights: 0.9 x 79.6 - 16 = 55.64 GB; 0.9 x (79.6 - 16) = 57.24 GB.
    expect(kvBytesPerGpu({ share: 0.9, of: 'total' }, 79.6e9, 16e9)).toBeCloseTo(55.64e9, -6);
    expect(kvBytesPerGpu({ share: 0.9, of: 'free' }, 79.6e9, 16e9)).toBeCloseTo(57.24e9, -6);
    const kv = (o: { engine?: string; gpuMemoryUtilization?: number }) =>
      serve(h100, llama8, generateRequests({ ...offline, requests: 5, output: { kind: 'fixed', tokens: 8 } }), { tp: 1, replicas: 1, ...o }).deployment
        .kvTokensPerReplica;
    expect(kv({ gpuMemoryUtilization: 0.5 })).toBeLessThan(0.6 * kv({}));
    // Llama-3-70B on TP 4 H100s (85.5 GB, 35.3 GB of weights a GPU): 43.4 GB of KV under vLLM, 45.2 GB under TensorRT-LLM.
    expect(kvBytesPerGpu({ share: 0.92, of: 'total' }, 85.5e9, 35.3e9)).toBeCloseTo(43.36e9, -7);
    expect(kvBytesPerGpu({ share: 0.9, of: 'free' }, 85.5e9, 35.3e9)).toBeCloseTo(45.18e9, -7);
    const gpu = h100.spec.gpu;
    expect(engineSettings({ engine: 'trtllm', gpuMemoryUtilization: 0.8 }, { gpu, tp: 1, ep: false }).memory).toEqual({ share: 0.8, of: 'free' });
    // SGLang's own share on an H100: 0.830 at TP 1, 0.812 at TP 8 (its reserve for buffers and CUDA graphs).
    expect(engineSettings({ engine: 'sglang' }, { gpu, tp: 1, ep: false }).memory.share).toBe(0.83);
    expect(engineSettings({ engine: 'sglang' }, { gpu, tp: 8, ep: false }).memory.share).toBe(0.812);
    // vLLM's batch limits by GPU memory: 1,024 sequences and 8,192 tokens on an H100, 256 and 2,048 on an A100.
    expect(engineSettings({}, { gpu, tp: 1, ep: false }).limits(1e6, llama8)).toEqual({ maxSeqs: 1024, tokenBudget: 8192 });
    const a100 = buildPreset('dgx-a100').spec.gpu;
    expect(engineSettings({}, { gpu: a100, tp: 1, ep: false }).limits(1e6, llama8)).toEqual({ maxSeqs: 256, tokenBudget: 2048 });
  });

  it('a request overhead adds to the time to first token of a lone request; a step overhead hides behind a longer GPU step', () => {
    const one: WorkloadSpec = {
      arrival: { kind: 'poisson', rateRps: 0.01 },
      requests: 3,
      input: { kind: 'fixed', tokens: 512 },
      output: { kind: 'fixed', tokens: 16 },
      seed: 1,
    };
    const run = (o: { requestOverhead?: Seconds; stepOverhead?: Seconds }) => serve(h100, llama8, generateRequests(one), { tp: 1, replicas: 1, ...o });
    const base = run({ requestOverhead: 0 as Seconds });
    expect(run({ requestOverhead: 0.02 as Seconds }).ttftMs.mean - base.ttftMs.mean).toBeCloseTo(20, 6);
    // Unset, the front end's CPU work on a 512-token prompt: 1.3 ms + 512 x 0.24 us (host-cpu.ts).
    expect(run({}).ttftMs.mean - base.ttftMs.mean).toBeCloseTo(1.3 + 512 * 0.24e-3, 6);
    // Overlapped scheduling: a 1 us CPU step costs nothing beside a ms-long GPU step; a 1 s one sets the step.
    expect(run({ stepOverhead: 1e-6 as Seconds }).tpotMs.mean).toBeCloseTo(base.tpotMs.mean, 9);
    expect(run({ stepOverhead: 1 as Seconds }).tpotMs.mean).toBeCloseTo(1000, 6);
  });

  it("TensorRT-LLM's experts run its fused MoE module under wide EP, about half DeepGEMM's grouped rate: its prefill is slower", () => {
    const h200 = buildPreset('hgx-h200');
    const deepseek = models.get('deepseek-v3');
    const shape = { tp: 1, dpAttention: 8, ep: 8, precision: 'fp8', kvBytesPerElement: 1 } as const;
    // 16K prompt tokens per GPU: the expert GEMMs are compute-bound, where the kernel families differ.
    const deepgemm = prefillRate(h200, deepseek, shape, 16_384, 4096);
    const fused = prefillRate(h200, deepseek, { ...shape, moeKernels: engines.get('trtllm').moeKernels }, 16_384, 4096);
    expect(engines.get('sglang').moeKernels).toBe('deepgemm');
    expect(fused.stepS).toBeGreaterThan(1.2 * deepgemm.stepS);
  });

  it("limits under attention DP: vLLM's and TensorRT-LLM's are each rank's, SGLang's the replica's", () => {
    const dsv3 = models.get('deepseek-v3');
    const limitsAt = (engine: string, dpAttention: number) =>
      engineSettings({ engine }, { gpu: h100.spec.gpu, tp: 1, ep: true, dpAttention }).limits(4_000_000, dsv3);
    expect(limitsAt('vllm', 8).tokenBudget).toBe(8 * limitsAt('vllm', 1).tokenBudget);
    expect(limitsAt('vllm', 8).maxSeqs).toBe(8 * limitsAt('vllm', 1).maxSeqs);
    expect(limitsAt('trtllm', 8)).toEqual({ maxSeqs: 8 * 2048, tokenBudget: 8 * 8192 });
    expect(limitsAt('sglang', 8)).toEqual(limitsAt('sglang', 1));
    // What a run sets stays the replica's.
    expect(
      engineSettings({ engine: 'vllm', tokenBudget: 4096 }, { gpu: h100.spec.gpu, tp: 1, ep: true, dpAttention: 8 }).limits(4_000_000, dsv3).tokenBudget,
    ).toBe(4096);
  });

  it('every engine cites its defaults', () => {
    for (const e of engines.entries) {
      expect(e.source.length).toBeGreaterThan(40);
      for (const preset of ['hgx-h100', 'hgx-h200', 'hgx-b200', 'dgx-a100', 'cloudmatrix384']) {
        const share = e.memory({ gpu: buildPreset(preset).spec.gpu, tp: 8, ep: true }).share;
        expect(share).toBeGreaterThan(0.7);
        expect(share).toBeLessThanOrEqual(0.92);
      }
    }
  });
});
