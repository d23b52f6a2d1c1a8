/** In-switch all-reduce (NVLS, SHARP): every rank sends its buffer to the switch, which reduces and multicasts the sum back. */

import { defineCollectiveAlgorithm } from '../define.js';
import { inSwitchProblem } from '../in-switch.js';
import { pipelineChunks, pipelinedTime, uniformPipeline } from '../pipeline.js';
import { createScheduleBuilder, range, rank, switchOf } from '../schedule-builder.js';
import { type CollectiveContext, reductionBandwidth } from '../types.js';

/**
 * Bytes each rank moves per direction: NVLS reduces by load-reduce (each rank's buffer is read once, S up, and it
 * receives its reduced slice, S/n down) and then multicasts (each rank stores its slice, S/n up, and receives all
 * slices, S down): S (n+1)/n each way. Measured NVLS algbw on 5-8 H100s (258, 265, 270, 273 GB/s, cases.json
 * coll-8xH100-ar-ring-vs-nvls-scaling) follows n/(n+1) x 309 GB/s to within 0.5%.
 */
const bytesEachWay = (ctx: CollectiveContext) => (ctx.bytes * (ctx.ranks + 1)) / ctx.ranks;

/** Two hops (GPU -> switch, switch -> GPU), each carrying S(n+1)/n at the reduction rate, pipelined in k chunks. */
const pipelineOf = (ctx: CollectiveContext) => uniformPipeline(2, bytesEachWay(ctx) / reductionBandwidth(ctx, bytesEachWay(ctx)));
const chunksFor = (ctx: CollectiveContext) => pipelineChunks(pipelineOf(ctx), ctx.stepLatency);

/**
 * Each rank sends W = S(n+1)/n up and receives W down, on opposite directions of its link, pipelined in k chunks
 * (the reduce and multicast phases folded into one up and one down transfer per chunk):
 * t = (k + 1)(alpha + W/(kB)), B the reduction rate. nccl-tests reports busbw = 2(n-1)/n algbw, so busbw reads
 * 2(n-1)/(n+1) x B: 1.56 x B on 8 ranks, why 8xH100 shows ~480 GB/s with NVLS (cases.json coll-8xH100-ar-nvls-maintainer).
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: W/B = 3.2646 ms, k = round(sqrt(W/(B alpha))) = 40,
 * t = 41 x (2 us + 81.62 us) = 3.42837 ms.
 */
export const inSwitchAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'in-switch',
  family: 'in-switch',
  description: 'In-switch all-reduce (NVLS / SHARP): each rank sends S to the switch and receives the reduced S, pipelined.',
  source:
    'NVIDIA NVLink SHARP (NCCL NVLS algorithm, NCCL 2.17+); Graham et al., "Scalable Hierarchical Aggregation Protocol (SHArP)", COMHPC 2016; nccl-tests issue 212',
  applies: inSwitchProblem,
  time: (ctx) => pipelinedTime(pipelineOf(ctx), ctx.stepLatency, chunksFor(ctx)),
  schedule(ctx) {
    const builder = createScheduleBuilder();
    const chunks = chunksFor(ctx);
    const chunk = (bytesEachWay(ctx) / chunks) * (ctx.bandwidth / reductionBandwidth(ctx, bytesEachWay(ctx)));
    let previousUp = range(ctx.ranks).map(() => [] as number[]);
    for (let c = 0; c < chunks; c++) {
      const ups = range(ctx.ranks).map((r) => builder.add(rank(r), switchOf(r), chunk, previousUp[r]));
      for (let r = 0; r < ctx.ranks; r++) builder.add(switchOf(r), rank(r), chunk, ups);
      previousUp = ups.map((u) => [u]);
    }
    return builder.build();
  },
});
