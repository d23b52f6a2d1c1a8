/**
 * NCCL's per-channel ceiling on NVLS-tree all-reduces across nodes: what one channel's proxy and network path sustain,
 * from NCCL's own tuning table, by GPU generation and node count.
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
