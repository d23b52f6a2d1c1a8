import { describe, expect, it } from 'vitest';
import { copyBytes, DEEPEP_COSTS, deepEpS, type EpTraffic, targetGpusPerToken } from './deepep.js';

const dsv3: EpTraffic = { tokens: 128, hidden: 7168, topK: 8, experts: 256, ep: 8, gpusPerDomain: 8, remoteNodesPerToken: 0, fp8Dispatch: true };
const h100 = { scaleUpBytesPerS: 450e9 * 0.93, scaleOutBytesPerS: 50e9 * 0.96, gpuId: 'h100-sxm', memorySemantics: true };

describe('targetGpusPerToken', () => {
  it('is ep (1 - C(E - E/ep, k) / C(E, k)): DeepSeek-V3 over 8 GPUs reaches 5.29', () => {
    expect(targetGpusPerToken(256, 8, 8)).toBeCloseTo(5.29, 2);
    // One expert per token reaches exactly one GPU.
    expect(targetGpusPerToken(256, 1, 8)).toBeCloseTo(1, 12);
  });
});

describe('copyBytes', () => {
  it('sends FP8 with one FP32 scale per 128 elements, combines in BF16', () => {
    expect(copyBytes(dsv3, 'dispatch')).toBe(7168 + 56 * 4);
    expect(copyBytes(dsv3, 'combine')).toBe(2 * 7168);
  });
});

describe('deepEpS', () => {
  it('prices a one-node low-latency dispatch as its fixed latency plus k copies over NVLink at its share', () => {
    const c = DEEPEP_COSTS.lowLatency;
    const expected = c.fixedS.hopper.dispatch + (128 * 8 * 7392) / (h100.scaleUpBytesPerS * c.nvlinkShare.hopper);
    expect(deepEpS('low-latency', 'dispatch', dsv3, h100, 0)).toBeCloseTo(expected, 12);
  });

  it('sends a low-latency token remote share over RDMA across nodes, which then sets the time', () => {
    // EP 128 over 16 nodes: 15/16 of the 1,024 copies leave the node, 7.1 MB at 0.843 x 48 GB/s = 175 us.
    const wide = { ...dsv3, ep: 128 };
    const c = DEEPEP_COSTS.lowLatency;
    const rdma = (1024 * (15 / 16) * 7392) / (h100.scaleOutBytesPerS * c.rdmaShare);
    expect(deepEpS('low-latency', 'dispatch', wide, h100, 0)).toBeCloseTo(c.fixedS.hopper.dispatch + rdma, 12);
  });

  it('moves normal kernels' + "'" + ' NVLink payload no faster than their SMs allow', () => {
    const big = { ...dsv3, tokens: 4096 };
    const few = deepEpS('normal', 'dispatch', big, h100, 4);
    const many = deepEpS('normal', 'dispatch', big, h100, 24);
    expect(few).toBeGreaterThan(3 * many);
    // Past the link share more SMs buy nothing.
    expect(deepEpS('normal', 'dispatch', big, h100, 64)).toBeCloseTo(deepEpS('normal', 'dispatch', big, h100, 128), 12);
  });

  it('costs nothing without tokens or without expert parallelism', () => {
    expect(deepEpS('normal', 'combine', { ...dsv3, tokens: 0 }, h100, 20)).toBe(0);
    expect(deepEpS('low-latency', 'combine', { ...dsv3, ep: 1 }, h100, 0)).toBe(0);
  });
});
