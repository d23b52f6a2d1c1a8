import { describe, expect, it } from 'vitest';
import { gpus } from '../hardware/gpus.js';
import { ATTENTION_KERNELS, decodeAttentionS, mlaDecodeWork, prefillAttentionS, ROOFLINE_ATTENTION } from './attention-kernels.js';
import { HBM_LATENCY_S } from './efficiency.js';

const h100 = gpus.get('h100-sxm');

describe('decodeAttentionS', () => {
  it('adds the decode floor to the slower of compute and KV reads', () => {
    // 1.07 GB of KV at 2.9 TB/s is 370 us; its 8.6 GFLOP take 15 us at 580 TFLOP/s: the reads set it, plus the floor.
    const work = { flops: 8.6e9, kvBytes: 64 * 4096 * 4096 };
    const roofline = decodeAttentionS(work, 'gqa', h100, 580 / 989, ROOFLINE_ATTENTION);
    expect(roofline).toBeCloseTo(work.kvBytes / 2.9e12 + HBM_LATENCY_S, 9);
    expect(decodeAttentionS(work, 'gqa', h100, 580 / 989) - roofline).toBeCloseTo(ATTENTION_KERNELS.decodeFloorS.hopper.gqa, 12);
  });

  it('costs nothing without work', () => {
    expect(decodeAttentionS({ flops: 0, kvBytes: 0 }, 'mla', h100, 0.5)).toBe(0);
  });
});

describe('prefillAttentionS', () => {
  it('ramps utilization with the keys each query reads: half the rate at the half-point', () => {
    const half = ATTENTION_KERNELS.prefillKeysHalf.gqa;
    const work = { flops: 1e12, kvBytes: 0 };
    const at = (keys: number) => prefillAttentionS(work, 'gqa', keys, h100, 0.5) - ATTENTION_KERNELS.prefillFloorS.hopper;
    // compute = flops / (peak x utilization x keys / (keys + half)): at keys = half, twice the unramped time.
    expect(at(half)).toBeCloseTo((2 * 1e12) / (989e12 * 0.5), 9);
    expect(at(64 * half)).toBeLessThan(1.02 * (1e12 / (989e12 * 0.5)));
  });
});

describe('mlaDecodeWork', () => {
  const gb200 = gpus.get('gb200');
  it("pads a GPU's heads to the measured kernels' tile: 16 heads cost 128 on Blackwell, 64 on Hopper", () => {
    expect(mlaDecodeWork(1, 16, 2000, 'bf16', gb200, 0.5).flops).toBe(128);
    expect(mlaDecodeWork(1, 16, 2000, 'bf16', h100, 0.5).flops).toBe(64);
    expect(mlaDecodeWork(1, 128, 2000, 'bf16', h100, 0.5).flops).toBe(128);
  });

  it('ramps utilization with the context a request reads, and FP8 KV runs above BF16 peak on Blackwell only', () => {
    const { utilization, contextHalf } = ATTENTION_KERNELS.mlaDecode.blackwell ?? ({} as never);
    expect(mlaDecodeWork(1, 128, contextHalf.bf16, 'bf16', gb200, 0.5).utilization).toBeCloseTo(utilization.bf16 / 2, 12);
    expect(mlaDecodeWork(1, 128, 1e9, 'fp8', gb200, 0.5).utilization).toBeGreaterThan(1);
    expect(mlaDecodeWork(1, 128, 1e9, 'fp8', h100, 0.5).utilization).toBeLessThan(1);
  });

  it("leaves a GPU the tables do not measure at the caller's utilization, heads as they are", () => {
    expect(mlaDecodeWork(1, 16, 2000, 'bf16', gpus.get('a100-80g'), 0.5)).toEqual({ flops: 16, utilization: 0.5 });
  });
});
