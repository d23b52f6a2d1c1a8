import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { nvlsTreeBusbwCeiling, nvlsTreeChunks } from './nvls-tree-limits.js';
import { CollectiveSession, runCollective } from './run.js';

describe('nvlsTreeBusbwCeiling', () => {
  it("nvlsTreeBusbwCeiling is heads x NCCL's per-channel rate: 8 x 57.7 on two Hopper nodes, 8 x 45.5 on more", () => {
    expect((nvlsTreeBusbwCeiling('h100-sxm', 8, 2) ?? 0) / 1e9).toBeCloseTo(461.6, 9);
    expect((nvlsTreeBusbwCeiling('h200', 8, 4) ?? 0) / 1e9).toBeCloseTo(364, 9);
    expect((nvlsTreeBusbwCeiling('b200', 8, 2) ?? 0) / 1e9).toBeCloseTo(768, 9);
  });

  it('nvlsTreeBusbwCeiling caps heads at NCCL_MAX_NVLS_ARITY and has none inside one node or without a table row', () => {
    // NVL72 racks as nodes: 72 GPUs give 32 heads.
    expect((nvlsTreeBusbwCeiling('gb200', 72, 2) ?? 0) / 1e9).toBeCloseTo(32 * 96, 9);
    expect(nvlsTreeBusbwCeiling('h100-sxm', 8, 1)).toBeUndefined();
    expect(nvlsTreeBusbwCeiling('mi300x', 8, 2)).toBeUndefined();
  });
});

describe('nvlsTreeChunks', () => {
  it("follows NCCL 2.26's chunk schedule: 128 KiB on two nodes (64 KiB from four), 64 KiB below 4 x operations x chunk, 32 KiB below 1 x", () => {
    const mib = 2 ** 20;
    // 2 nodes of 8 H100s: 16 NVLS channels x 8 heads = 128 operations.
    expect(nvlsTreeChunks('h100-sxm', 8, 2, 64 * mib)).toBe(4); // 128 KiB chunks
    expect(nvlsTreeChunks('h100-sxm', 8, 2, 32 * mib)).toBe(4); // cut to 64 KiB
    expect(nvlsTreeChunks('h100-sxm', 8, 2, 4 * mib)).toBe(1); // cut to 32 KiB
    expect(nvlsTreeChunks('h100-sxm', 8, 2, 1024 * mib)).toBe(64);
    // From 4 nodes on, 64 KiB at most; Blackwell runs 32 NVLS channels across nodes.
    expect(nvlsTreeChunks('h200', 8, 4, 64 * mib)).toBe(8);
    expect(nvlsTreeChunks('b200', 8, 4, 64 * mib)).toBe(4);
    expect(nvlsTreeChunks('h100-sxm', 8, 2, 1024)).toBe(1);
    expect(nvlsTreeChunks('h100-sxm', 8, 1, 64 * mib)).toBeUndefined();
    expect(nvlsTreeChunks('mi300x', 8, 2, 64 * mib)).toBeUndefined();
  });

  it('an NVLS-tree all-reduce fills its pipeline: at 64 MiB on two nodes 4 chunks through 4 stages take 7 chunk times', () => {
    const session = new CollectiveSession(buildPreset('hgx-h100', {}, 16));
    const group = Array.from({ length: 16 }, (_, i) => i);
    const busbw = (bytes: number) =>
      runCollective(session, { op: 'allreduce', group, bytes, algorithm: 'nvls-tree', fidelity: 'analytical', launch: false }).busbwGBps;
    // Far from the latencies, the bus bandwidth at 64 MiB is the large-message one over 7 / 4 (the latencies add a little).
    const ratio = busbw(64 * 2 ** 20) / busbw(16 * 2 ** 30);
    expect(ratio).toBeLessThan(4 / 7);
    expect(ratio).toBeGreaterThan(0.5);
  });
});
