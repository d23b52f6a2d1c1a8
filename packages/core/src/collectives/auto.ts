/** The automatic algorithm choice: like NCCL's tuner, predict each usable algorithm's time and take the fastest. */

import type { Seconds } from '../units/units.js';
import { algorithmsFor } from './registry.js';
import type { CollectiveAlgorithm, CollectiveContext } from './types.js';

/** One algorithm's verdict on a context: its predicted time when usable, else why not. */
export type AlgorithmVerdict =
  | { readonly algorithm: CollectiveAlgorithm; readonly time: Seconds; readonly reason?: undefined }
  | { readonly algorithm: CollectiveAlgorithm; readonly time?: undefined; readonly reason: string };

/** Every algorithm for ctx.op with its closed-form time or its refusal, in registry order. */
export function compareAlgorithms(ctx: CollectiveContext): AlgorithmVerdict[] {
  return algorithmsFor(ctx.op).map((algorithm) => {
    const reason = algorithm.applies(ctx);
    return reason === undefined ? { algorithm, time: algorithm.time(ctx) } : { algorithm, reason };
  });
}

/**
 * The usable algorithm with the lowest closed-form time, ties to the earlier registry entry. This mirrors NCCL,
 * whose tuner (NVIDIA/nccl src/graph/tuning.cc, ncclTopoGetAlgoTime) predicts latency + bytes / bandwidth for
 * every algorithm and protocol and runs the fastest; here on the one protocol ctx prices (comm/choice.ts runs it
 * over the protocols). Only
 * algorithms NCCL implements take part (halving-doubling and the direct all-gather/reduce-scatter do not).
 * Example: 8 ranks, 1 GiB, 370 GB/s, 2 us, NVLS present -> in-switch (3.06 ms) over halving-doubling (5.09 ms).
 */
export function chooseAlgorithm(ctx: CollectiveContext): CollectiveAlgorithm {
  const verdicts = compareAlgorithms(ctx).filter((v) => v.algorithm.automatic);
  let best: { algorithm: CollectiveAlgorithm; time: number } | undefined;
  for (const v of verdicts) if (v.time !== undefined && (!best || v.time < best.time)) best = { algorithm: v.algorithm, time: v.time };
  if (best) return best.algorithm;
  const reasons = verdicts.map((v) => `${v.algorithm.name}: ${v.reason}`).join('; ');
  throw new Error(`no ${ctx.op} algorithm can run on ${ctx.ranks} ranks: ${reasons || `none is registered for ${ctx.op}`}`);
}
