/** The chunks NCCL's tree all-reduce sends a channel at a time, and the channels it runs: what sets how a tree across nodes pipelines. */

/** NCCL's wire protocols, as comm/protocols.ts names them (collectives do not import comm). */
type Protocol = 'LL' | 'LL128' | 'Simple';

/**
 * Channels NCCL runs a collective on, a GPU of a node that has a NIC each: its topology search finds one channel a NIC,
 * doubles them once the graph is found (NVIDIA/nccl src/graph/search.cc, dupChannels) and again when it connects rings
 * and trees ("Duplication should be complete now", src/graph/connect.cc): 8 NICs of an H100 node, 32 channels, 4 a
 * GPU, each GPU heading 4 channels' chains, 2 in each of the two binary trees.
 */
export const NCCL_TREE_CHANNELS_PER_GPU = 4;

/**
 * The bytes of one protocol's step (NVIDIA/nccl src/enqueue.cc calcCollChunking: buffSize / NCCL_STEPS), the chunk a
 * tree sends: Simple 4 MiB / 8 = 512 KiB, never reduced for TREE; LL128 4.69 MiB / 8 of 128-byte lines holding 120
 * bytes of data (562.5 KiB), halved for small messages as below; LL 512 KiB / 8 of which half is flags (32 KiB).
 */
const STEP_DATA_BYTES: Readonly<Record<Protocol, number>> = { Simple: 512 * 1024, LL128: (600 * 1024 * 120) / 128, LL: 32 * 1024 };

/**
 * The chunk a tree all-reduce of `bytes` sends on each of `channels` over `nodes` nodes of `ppn` ranks: the protocol's
 * step, halved on LL128 while the channel holds too few of them for its pipeline (src/enqueue.cc: while
 * bytes / (channels x chunk) < nsteps x 64 / ppn and chunk > 128 KiB, then < nsteps x 16 / ppn and chunk > 32 KiB,
 * nsteps = 1 + log2(nodes) + ppn / 10), and at most a channel's share of the bytes.
 * Example: Simple, 32 MiB on 32 channels: 512 KiB, 2 chunks a channel. LL128, 4 MiB over 4 nodes of 8 on 32 channels:
 * 3.8 steps; 576,000 B halves to 72,000 B (fewer than 30.4 chunks a channel), then to 18,000 B (fewer than 7.6): 8
 * chunks a channel.
 */
export function treeChunkBytes(protocol: Protocol, bytes: number, channels: number, nodes: number, ppn: number): number {
  let chunk = STEP_DATA_BYTES[protocol];
  if (protocol === 'LL128') {
    const steps = 1 + Math.floor(Math.log2(Math.max(1, nodes))) + 0.1 * ppn;
    const perChannel = (c: number) => Math.floor(bytes / (channels * c));
    while (perChannel(chunk) < (steps * 64) / ppn && chunk > 131072) chunk /= 2;
    while (perChannel(chunk) < (steps * 16) / ppn && chunk > 32768) chunk /= 2;
  }
  return Math.max(1, Math.min(chunk, bytes / channels));
}
