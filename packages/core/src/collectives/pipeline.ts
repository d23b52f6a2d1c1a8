/** Pipelining: how many chunks a chained algorithm splits a message into, and what the chain then costs. */

/**
 * The most chunks a pipelined algorithm uses, so a schedule stays at most 64 x its per-chunk transfers
 * (our choice, keeping flow-level runs small). NCCL itself pipelines in 128 KiB-4 MiB slices per channel.
 */
export const MAX_PIPELINE_CHUNKS = 64;

/** A chain of dependent hops that a message crosses in chunks, in seconds of transmission for the whole message. */
export interface Pipeline {
  /** Hops one chunk crosses from first send to last receive. */
  readonly stages: number;
  /** Seconds one hop takes to carry the whole message on an idle link. */
  readonly hopWork: number;
  /** Seconds the busiest rank's link spends on the whole message (hopWork unless a rank carries several hops). */
  readonly roundWork: number;
}

/**
 * The first chunk fills the chain, one idle hop after another, then each chunk costs one round of the busiest
 * rank: t = (stages - 1)(alpha + hopWork/k) + k (alpha + roundWork/k). Every chunk pays alpha per hop, as every
 * transfer does. For a uniform chain this is (k + stages - 1)(alpha + work/k).
 * Example: 7 hops, 1 ms of work per hop and per round, alpha 2 us, k = 64: 70 x (2 us + 15.625 us) = 1.234 ms.
 */
export function pipelinedTime(p: Pipeline, alpha: number, chunks: number): number {
  return (p.stages - 1) * (alpha + p.hopWork / chunks) + chunks * alpha + p.roundWork;
}

/**
 * The chunk count minimizing `pipelinedTime`: k* = sqrt((stages - 1) hopWork / alpha), rounded to the better
 * neighbour and held to [1, MAX_PIPELINE_CHUNKS]. Example: 7 hops, 1 ms per hop, alpha 2 us -> sqrt(3000) = 54.8 -> 55.
 */
export function pipelineChunks(p: Pipeline, alpha: number, most: number = MAX_PIPELINE_CHUNKS): number {
  if (p.stages <= 1 || p.hopWork <= 0) return 1;
  if (alpha <= 0) return most;
  const best = Math.sqrt(((p.stages - 1) * p.hopWork) / alpha);
  const clamp = (k: number) => Math.min(most, Math.max(1, k));
  const low = clamp(Math.floor(best));
  const high = clamp(Math.ceil(best));
  return pipelinedTime(p, alpha, high) < pipelinedTime(p, alpha, low) ? high : low;
}

/**
 * The most chunks a streamed pipeline uses: one whose schedule is a streaming transfer per hop, not a transfer per
 * chunk, so the count costs the flow engine nothing. NCCL's Simple protocol moves a channel's data in slices of a
 * quarter of its 4 MiB buffer (NCCL_BUFFSIZE / NCCL_STEPS x SLICESTEPS), so a 1 GiB chain of 8 channels takes ~128.
 */
export const MAX_STREAMED_CHUNKS = 1024;

/** A chain whose every hop is the bottleneck: hopWork = roundWork = work. */
export const uniformPipeline = (stages: number, work: number): Pipeline => ({ stages, hopWork: work, roundWork: work });
