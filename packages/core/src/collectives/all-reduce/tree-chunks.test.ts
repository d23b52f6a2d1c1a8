/** NCCL's tree chunks: a protocol's step, LL128's halved while a channel holds too few of them, never more than a channel's share. */
import { describe, expect, it } from 'vitest';
import { NCCL_TREE_CHANNELS_PER_GPU, treeChunkBytes } from './tree-chunks.js';

describe('treeChunkBytes', () => {
  it("Simple sends the 4 MiB buffer's eighth, whatever the size, and no more than a channel's share", () => {
    expect(NCCL_TREE_CHANNELS_PER_GPU).toBe(4);
    expect(treeChunkBytes('Simple', 32 * 2 ** 20, 32, 4, 8)).toBe(512 * 1024);
    expect(treeChunkBytes('Simple', 8 * 2 ** 30, 32, 32, 8)).toBe(512 * 1024);
    expect(treeChunkBytes('Simple', 1024 * 1024, 32, 4, 8)).toBe(32 * 1024);
    expect(treeChunkBytes('LL', 64 * 2 ** 20, 32, 4, 8)).toBe(32 * 1024);
  });

  it('LL128 halves its 576,000-byte step while a channel holds fewer than (1 + log2 nodes + ppn / 10) x 64 / ppn of them, then x 16 / ppn', () => {
    // 4 MiB over 4 nodes of 8 on 32 channels: 3.8 steps; thresholds 30.4 and 7.6 chunks a channel.
    expect(treeChunkBytes('LL128', 4 * 2 ** 20, 32, 4, 8)).toBe(18000);
    // 1 GiB: 58 chunks a channel of the whole step, no halving.
    expect(treeChunkBytes('LL128', 2 ** 30, 32, 4, 8)).toBe(576000);
  });
});
