/**
 * NCCL's NVLS-tree all-reduce across nodes as NCCL runs it: the per-channel ceiling on its bandwidth (what one channel's
 * proxy and network path sustain, from NCCL's own tuning table) and the chunks its concurrent operations pipeline, by
 * GPU generation, node count and message size.
 */

import type { BytesPerSecond } from '../units/units.js';

/**
 * perChMaxNVLSTreeBws (NVIDIA/nccl src/tuning/cost_model.cc, GB/s per channel, nodes N1 / N2 / N4 and more):
 * Hopper {0, 57.7, 45.5}, Blackwell {0, 96.0, 80.0}. The tuner multiplies the per-channel rate by the NVLS graph's
 * channels and reads the product as bus bandwidth. Keyed by catalogue GPU (Hopper: H100, H200, H800, H20; Blackwell:
 * B200, GB200, B300, GB300); other GPUs have no NVLS-tree ceiling.
 */
const PER_CHANNEL_GBPS: Readonly<Record<string, { readonly twoNodes: number; readonly more: number }>> = {
  'h100-sxm': { twoNodes: 57.7, more: 45.5 },
  h200: { twoNodes: 57.7, more: 45.5 },
  h800: { twoNodes: 57.7, more: 45.5 },
  h20: { twoNodes: 57.7, more: 45.5 },
  b200: { twoNodes: 96, more: 80 },
  gb200: { twoNodes: 96, more: 80 },
  b300: { twoNodes: 96, more: 80 },
  gb300: { twoNodes: 96, more: 80 },
};

/** NCCL_MAX_NVLS_ARITY: an NVLS graph has one channel (head) per local GPU, at most 32 (NCCL 2.22+; src/include/device.h). */
export const MAX_NVLS_HEADS = 32;

/**
 * The bus bandwidth an NVLS-tree all-reduce cannot exceed over `domains` nodes of `perDomain` GPUs: heads x the
 * per-channel ceiling; undefined where NCCL's table has none. Example: 2 nodes of 8 H100s: 8 x 57.7 = 461.6 GB/s
 * (measured 463-470, nccl-tests issue 309); 4 nodes: 8 x 45.5 = 364 GB/s.
 */
export function nvlsTreeBusbwCeiling(gpuId: string, perDomain: number, domains: number): BytesPerSecond | undefined {
  const row = PER_CHANNEL_GBPS[gpuId];
  if (row === undefined || domains < 2) return undefined;
  return (Math.min(MAX_NVLS_HEADS, perDomain) * (domains <= 2 ? row.twoNodes : row.more) * 1e9) as BytesPerSecond;
}

/**
 * NVLS channels NCCL runs an NVLS-tree on (NVIDIA/nccl v2.26.2 src/transport/nvls.cc: NVLS_NCHANNELS_SM90 16,
 * NVLS_NCHANNELS_SM100 32); the same GPUs as the ceiling's table.
 */
const NVLS_CHANNELS: Readonly<Record<string, number>> = {
  'h100-sxm': 16,
  h200: 16,
  h800: 16,
  h20: 16,
  b200: 32,
  gb200: 32,
  b300: 32,
  gb300: 32,
};

/**
 * Chunks each concurrent operation of an NVLS-tree all-reduce of `bytes` pipelines: NCCL runs channels x heads
 * operations side by side, each moving its share in chunks of NCCL_NVLS_CHUNKSIZE (128 KiB; at most 64 KiB from 4
 * nodes on), cut to 64 KiB below 4 x operations x chunk and to 32 KiB below 1 x operations x chunk (NVIDIA/nccl
 * v2.26.2 src/enqueue.cc, NCCL_ALGO_NVLS_TREE). A chunk crosses every stage of the tree (the switch's reduction, each
 * hop up and down across nodes, the switch's multicast) one after another, so k chunks through s stages take k + s - 1
 * chunk times, not k: collectives/all-reduce/nvls-tree.ts. Undefined where the table has no such GPU or inside one node.
 * Example: 2 nodes of 8 H100s (16 x 8 = 128 operations), 64 MiB: 128 KiB chunks, 4 each; 32 MiB: 64 KiB chunks, 4 each.
 */
export function nvlsTreeChunks(gpuId: string, perDomain: number, domains: number, bytes: number): number | undefined {
  const channels = NVLS_CHANNELS[gpuId];
  if (channels === undefined || domains < 2) return undefined;
  const ops = channels * Math.min(MAX_NVLS_HEADS, perDomain);
  let chunk = domains >= 4 ? 64 * 1024 : 128 * 1024;
  if (bytes < 4 * ops * chunk && chunk > 64 * 1024) chunk = 64 * 1024;
  if (bytes < ops * chunk && chunk > 32 * 1024) chunk = 32 * 1024;
  return Math.max(1, bytes / (ops * chunk));
}
