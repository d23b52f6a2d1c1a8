/** A pipelined chain through all ranks: the shape of ring broadcast and ring reduce. */

import { pipelineChunks, pipelinedTime, uniformPipeline } from './pipeline.js';
import { createScheduleBuilder, rank } from './schedule-builder.js';
import type { CollectiveContext, Schedule } from './types.js';

const chainOf = (ctx: CollectiveContext) => uniformPipeline(ctx.ranks - 1, ctx.bytes / ctx.bandwidth);
const chunksFor = (ctx: CollectiveContext) => pipelineChunks(chainOf(ctx), ctx.stepLatency);

/** (k + n - 2)(alpha + S/(kB)) for the chosen k. */
export function chainTime(ctx: CollectiveContext): number {
  return pipelinedTime(chainOf(ctx), ctx.stepLatency, chunksFor(ctx));
}

/**
 * k chunks along the chain at(0) -> at(1) -> ... -> at(n-1); the transfer of a chunk on a hop waits for that
 * chunk on the previous hop and for the previous chunk on the same hop, so chunks stay in order.
 */
export function chainSchedule(ctx: CollectiveContext, at: (position: number) => number): Schedule {
  const builder = createScheduleBuilder();
  const chunks = chunksFor(ctx);
  let previous: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const hops: number[] = [];
    for (let i = 0; i + 1 < ctx.ranks; i++) {
      const deps = [...(i > 0 ? [hops[i - 1] ?? -1] : []), ...(c > 0 ? [previous[i] ?? -1] : [])];
      hops.push(builder.add(rank(at(i)), rank(at(i + 1)), ctx.bytes / chunks, deps));
    }
    previous = hops;
  }
  return builder.build();
}
