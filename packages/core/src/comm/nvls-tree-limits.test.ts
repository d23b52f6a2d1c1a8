import { describe, expect, it } from 'vitest';
import { nvlsTreeBusbwCeiling } from './nvls-tree-limits.js';

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
