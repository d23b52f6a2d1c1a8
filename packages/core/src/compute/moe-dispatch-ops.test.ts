import { describe, expect, it } from 'vitest';
import { dispatchOps, PERMUTE_PASSES, ROUTER_BYTES_PER_SCORE } from './moe-dispatch-ops.js';

// Qwen3-30B-A3B on 8-way EP: h 2048, E 128, k 8, 16 experts per GPU, one 4,096-token sequence.
const qwen = { tokens: 4096, hidden: 2048, experts: 128, topK: 8, localExperts: 16, fused: true } as const;
const routed = 4096 * 8 * 2048 * 2;

describe('dispatchOps', () => {
  it('dispatchOps moves the routed tokens 7 times forward and 8 backward fused, 9 and 11 unfused', () => {
    // R = 4096 x 8 x 2048 x 2 B = 134.2 MB: fused 7 R = 939.5 MB forward, 8 R backward; unfused 9 R and 11 R.
    const permute = (fused: boolean, pass: 'forward' | 'backward') => dispatchOps({ ...qwen, fused }, pass).find((op) => op.name === 'moe-permute')?.bytes;
    expect(permute(true, 'forward')).toBe(7 * routed);
    expect(permute(true, 'backward')).toBe(8 * routed);
    expect(permute(false, 'forward')).toBe(9 * routed);
    expect(permute(false, 'backward')).toBe(11 * routed);
    expect(PERMUTE_PASSES.unfused.forward - PERMUTE_PASSES.fused.forward).toBe(2);
  });

  it('dispatchOps skips the sorts by local expert when a GPU holds one expert (EP = E)', () => {
    // Megatron-Core: with num_local_experts 1 there is no sort_chunks_by_idxs, 4 passes fewer over both directions.
    const one = dispatchOps({ ...qwen, localExperts: 1 }, 'forward').find((op) => op.name === 'moe-permute')?.bytes;
    expect(one).toBe((7 - 4) * routed);
  });

  it("dispatchOps prices the router's gate GEMM and its FP32 score passes", () => {
    // Gate: 2 t E h = 2 x 4096 x 128 x 2048 = 2.15 GFLOP forward, twice backward; scores 28 B x t E plus the t h input.
    const [router] = dispatchOps(qwen, 'forward');
    expect(router?.flops).toBe(2 * 4096 * 128 * 2048);
    expect(router?.bytes).toBe(ROUTER_BYTES_PER_SCORE * 4096 * 128 + 2 * 4096 * 2048);
    expect(dispatchOps(qwen, 'backward')[0]?.flops).toBe(2 * (router?.flops ?? 0));
  });
});
