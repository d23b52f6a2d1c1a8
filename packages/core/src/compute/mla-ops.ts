/** Multi-head latent attention's projections on one GPU: low-rank query and key/value down- and up-projections (DeepSeek-V2/V3). */

import { ConfigError } from '../base/errors.js';
import { gemmOp } from './ops.js';
import type { Op } from './types.js';

/**
 * MLA's widths (DeepSeek-V2, arXiv 2405.04434 section 2.1): queries through a rank-qLoraRank latent (or straight from h
 * when null), keys and values through one rank-kvLoraRank latent; each head's query and key have qkNopeHeadDim +
 * qkRopeHeadDim, the rope part of the key shared by all heads; values have vHeadDim.
 */
export interface MlaShape {
  readonly qLoraRank: number | null;
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
}

/** The names of MLA's up-projections, which DeepSeek-V3 recomputes in the backward pass instead of keeping their outputs. */
export const MLA_UP_PROJECTIONS: ReadonlySet<string> = new Set(['q-up', 'kv-up']);

/** Checks that the layer's head dimension is MLA's query/key width, nope + rope. */
export function checkMla(mla: MlaShape, headDim: number): void {
  if (mla.qkNopeHeadDim + mla.qkRopeHeadDim !== headDim) {
    throw new ConfigError(['headDim'], `MLA queries and keys are nope ${mla.qkNopeHeadDim} + rope ${mla.qkRopeHeadDim} wide, but headDim is ${headDim}`);
  }
}

/**
 * The four projection GEMMs that replace MHA's qkv, for t tokens and `heads` local heads (tensor parallelism splits the
 * up-projections by head, as Megatron-Core's MLA does; the down-projections are replicated):
 * q-down  t x q_lora x h                    kv-down t x (d_c + rope) x h
 * q-up    t x heads (nope + rope) x q_lora   kv-up   t x heads (nope + v) x d_c
 * Worked example, DeepSeek-V3 (h 7168, q_lora 1536, d_c 512, nope 128, rope 64, v 128, 128 heads), per token:
 * 2 x (11.0M + 4.1M + 37.7M + 16.8M) = 139 MFLOP, plus the output projection 2 x 16384 x 7168 = 235 MFLOP: 374 MFLOP,
 * twice the layer's 187M attention parameters, where MHA of the same heads (d_h 192) would take 1.06 GFLOP for qkv alone.
 */
export function mlaProjectionOps(mla: MlaShape, tokens: number, hidden: number, heads: number, bytesPerElement: number): Op[] {
  const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  const q =
    mla.qLoraRank === null
      ? [gemmOp('q-up', { m: tokens, n: heads * qk, k: hidden }, bytesPerElement)]
      : [
          gemmOp('q-down', { m: tokens, n: mla.qLoraRank, k: hidden }, bytesPerElement),
          gemmOp('q-up', { m: tokens, n: heads * qk, k: mla.qLoraRank }, bytesPerElement),
        ];
  return [
    ...q,
    gemmOp('kv-down', { m: tokens, n: mla.kvLoraRank + mla.qkRopeHeadDim, k: hidden }, bytesPerElement),
    gemmOp('kv-up', { m: tokens, n: heads * (mla.qkNopeHeadDim + mla.vHeadDim), k: mla.kvLoraRank }, bytesPerElement),
  ];
}

/** Elements per token the latent RMSNorms read and write each way: the query latent (when there is one) and the KV latent. */
export function mlaLatentNormElements(mla: MlaShape): number {
  return (mla.qLoraRank ?? 0) + mla.kvLoraRank;
}

/**
 * Elements per token moved besides the GEMMs, forward: RoPE reads and writes the local query rope parts and the shared
 * rope key (2 (heads + 1) rope), and assembling each head's key from its nope part and the shared rope key reads
 * heads nope + rope and writes heads (nope + rope). The backward pass moves as many.
 */
export function mlaElementwiseElements(mla: MlaShape, heads: number): number {
  const rope = 2 * (heads + 1) * mla.qkRopeHeadDim;
  const keyAssembly = heads * mla.qkNopeHeadDim + mla.qkRopeHeadDim + heads * (mla.qkNopeHeadDim + mla.qkRopeHeadDim);
  return rope + keyAssembly;
}
