import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { lowLatencyBufferBytes } from './deepep.js';
import { engines } from './engines.js';
import { serve } from './serve.js';
import { kvBatchPerGroup } from './steady.js';

const dsv3 = models.get('deepseek-v3');

describe('lowLatencyBufferBytes', () => {
  it("is DeepEP's layout: odd and even send and receive buffers, every expert slot's tokens, BF16 messages", () => {
    expect(lowLatencyBufferBytes(288, 1408, 7168) / 1e9).toBeCloseTo(23.3, 1);
    expect(lowLatencyBufferBytes(288, 128, 7168) / 1e9).toBeCloseTo(2.1, 1);
    // Linear in the tokens a call.
    expect(lowLatencyBufferBytes(288, 256, 7168)).toBe(2 * lowLatencyBufferBytes(288, 128, 7168));
  });
});

describe('dispatch buffers beside the KV cache', () => {
  it("a batch sized to fill the KV cache shrinks by the buffers it needs: SGLang's GB200 NVFP4 decode, 'roughly full' at 1,408", () => {
    const gb200 = buildPreset('gb200-nvl72', {}, 72);
    const memory = engines.get('sglang').memory({ gpu: gb200.spec.gpu, tp: 1, ep: true });
    const shape = { tp: 1, dpAttention: 48, ep: 48, precision: 'nvfp4', kvBytesPerElement: 1, memory } as const;
    const without = kvBatchPerGroup(gb200, dsv3, { ...shape, dispatchTokensPerRank: 0 }, 2000);
    const withBuffers = kvBatchPerGroup(gb200, dsv3, shape, 2000);
    expect(withBuffers).toBeLessThan(0.85 * without);
    // Closer to the published batch than the KV cache alone: 1,730 against 2,137.
    expect(Math.abs(withBuffers / 1408 - 1)).toBeLessThan(Math.abs(without / 1408 - 1));
  });

  it("serve reserves the engine's buffers under wide EP: vLLM's 256 tokens a call, SGLang's 128, none for TensorRT-LLM's own all-to-all", () => {
    const h200 = buildPreset('hgx-h200', {}, 8);
    const one = [{ id: 0, arrivalS: 0, inputTokens: 256, outputTokens: 4, blockHashes: [] }];
    const deployment = (engine: string) => serve(h200, dsv3, one, { tp: 1, dpAttention: 8, ep: true, precision: 'fp8', engine }).deployment;
    expect(deployment('vllm').dispatchBuffersPerGpuGiB).toBeCloseTo(lowLatencyBufferBytes(256, 256, 7168) / 2 ** 30, 9);
    expect(deployment('sglang').dispatchBuffersPerGpuGiB).toBeCloseTo(lowLatencyBufferBytes(256, 128, 7168) / 2 ** 30, 9);
    expect(deployment('trtllm').dispatchBuffersPerGpuGiB).toBeUndefined();
  });
});
