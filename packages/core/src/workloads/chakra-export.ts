/**
 * A supernode training step as Chakra traces, one per rank, so ASTRA-sim (or `supernode workload`) can replay what
 * supernode built: each device's pipeline ops in its schedule's order as compute nodes (their stage times, tensor- and
 * expert-parallel waits included), pipeline sends and receives between stages, the data-parallel gradient collectives
 * placed as the model overlaps them, and the optimizer step; with the process groups they run on.
 */

import { ArgumentError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';
import { activationMessage } from '../training/comm.js';
import { PARAMETER_WIRE_BYTES } from '../training/iteration.js';
import { parametersPerGpu } from '../training/memory.js';
import { pipelineSchedules } from '../training/pipeline/registry.js';
import { opS, scaled } from '../training/pipeline/timeline.js';
import type { PipelineOp, StageTime } from '../training/pipeline/types.js';
import type { TrainReport } from '../training/train.js';
import type { AttrValue, ChakraNode, NodeType } from './chakra.js';

/** The version string the traces carry (Chakra's schema line). */
export const CHAKRA_VERSION = '0.0.4';

export interface ChakraExport {
  /** Index = rank. */
  readonly traces: readonly (readonly ChakraNode[])[];
  /** Process group name -> ranks (ASTRA-sim's comm group file). */
  readonly groups: Readonly<Record<string, readonly number[]>>;
}

/** et_def.proto CollectiveCommType numbers of the collectives written. */
const COMM_TYPE = { allreduce: 0, allgather: 2, reducescatter: 7 } as const;

/**
 * The step of `report` (a `train` run of `model`) as Chakra traces. Ranks in Megatron order (TP fastest, then CP, DP,
 * PP). Without DP overlap the gradient reduce-scatter (or all-reduce), the expert gradients' all-reduce and the weight
 * all-gather run after the last backward; with it, the gradients run beside the last backward and the weight all-gather
 * beside the first forward, as the model counts them exposed. DualPipe's paired steps and ZeRO-3's per-layer gathers
 * are not written.
 * Example: Llama-3-8B on 64 H100s, TP 8, DP 8, 8 micro-batches: 64 traces of 16 compute nodes, 2 collectives and the
 * optimizer step each.
 */
export function chakraTracesOf(model: TransformerModel, report: TrainReport): ChakraExport {
  const plan = report.plan;
  if (plan.schedule === 'dualpipe')
    throw new ArgumentError('schedule', 'DualPipe pairs a forward with a backward in one step: the Chakra export writes 1F1B and interleaved schedules');
  if (plan.zero === 3) throw new ArgumentError('zero', 'ZeRO-3 gathers weights layer by layer: the Chakra export writes ZeRO 0-2');
  const schedule = pipelineSchedules.get(plan.schedule);
  const order = schedule.order(plan);
  const depth = plan.pp * plan.vpp;
  const chunks = report.pipeline.stages.map((s) => scaled(s, 1 / plan.vpp));
  const split = new Set(
    order.flatMap((steps) => steps.flatMap((step) => step.filter((op) => op.kind === 'W').map((op) => `${op.microbatch}/${op.virtualStage}`))),
  );
  const deviceOf = new Map<string, number>();
  order.forEach((steps, d) => {
    for (const step of steps) for (const op of step) if (op.kind === 'F') deviceOf.set(`${op.microbatch}/${op.virtualStage}`, d);
  });
  const params = parametersPerGpu(model, plan);
  const copies = schedule.stagesPerDevice;
  const dense = params.dense * copies;
  const experts = params.experts * copies;
  const dpSize = plan.dp * plan.cp;
  const expertDp = Math.max(1, (plan.tp * dpSize) / (plan.ep * plan.etp));
  const p2pBytes = Math.round(activationMessage(model, plan) / plan.tp);
  const rankOf = (t: number, c: number, d: number, s: number) => ((s * plan.dp + d) * plan.cp + c) * plan.tp + t;
  const groups: Record<string, number[]> = {};
  const traces: ChakraNode[][] = [];
  for (let r = 0; r < plan.gpus; r++) {
    const t = r % plan.tp;
    const c = Math.floor(r / plan.tp) % plan.cp;
    const d = Math.floor(r / (plan.tp * plan.cp)) % plan.dp;
    const s = Math.floor(r / (plan.tp * plan.cp * plan.dp));
    const nodes: ChakraNode[] = [];
    const add = (name: string, type: NodeType, deps: readonly number[], durationMicros: number, attrs: [string, AttrValue][] = []) => {
      const id = nodes.length + 1;
      nodes.push({ id, name, type, ctrlDeps: [], dataDeps: [...new Set(deps)], durationMicros, attrs: new Map(attrs) });
      return id;
    };
    const dpGroup = `dp-s${s}-t${t}`;
    groups[dpGroup] ??= Array.from({ length: dpSize }, (_, k) => rankOf(t, k % plan.cp, Math.floor(k / plan.cp), s));
    const expertGroup = `edp-s${s}-r${r % (plan.ep * plan.etp)}`;
    const collective = (name: string, op: keyof typeof COMM_TYPE, bytes: number, pg: string, deps: readonly number[]) =>
      add(name, 'COMM_COLL_NODE', deps, 0, [
        ['comm_type', COMM_TYPE[op]],
        ['comm_size', Math.round(bytes)],
        ['pg_name', pg],
      ]);
    const peer = (op: PipelineOp, towards: 1 | -1) => {
      const device = deviceOf.get(`${op.microbatch}/${op.virtualStage + towards}`);
      return device === undefined || device === s ? undefined : rankOf(t, c, d, device);
    };
    // A transfer's tag names its sender's chunk and its direction, so both ends compute the same one.
    const tag = (microbatch: number, senderChunk: number, towards: 1 | -1) => (microbatch * depth + senderChunk) * 2 + (towards === 1 ? 0 : 1);
    const overlap = plan.dpOverlap && dpSize > 1;
    const gatherFirst = overlap && plan.zero >= 1 ? collective('param_allgather', 'allgather', dense * PARAMETER_WIRE_BYTES, dpGroup, []) : undefined;
    const steps = order[s] ?? [];
    let previous: number | undefined;
    let beforeLastBackward: number | undefined;
    const lastBackward = steps.reduce((k, step, i) => (step[0].kind === 'B' ? i : k), -1);
    steps.forEach((step, i) => {
      if (step.length !== 1) throw new ArgumentError('schedule', `${plan.schedule} pairs ops in one step: the Chakra export writes single-op steps`);
      const op = step[0];
      const deps: number[] = previous === undefined ? [] : [previous];
      // A forward waits for the previous chunk's output, a backward for the next chunk's gradient, from another device.
      const from = op.kind === 'F' ? peer(op, -1) : op.kind === 'B' ? peer(op, 1) : undefined;
      if (from !== undefined) {
        deps.push(
          add(`recv_${op.kind}${op.microbatch}_v${op.virtualStage}`, 'COMM_RECV_NODE', [], 0, [
            ['comm_size', p2pBytes],
            ['comm_src', from],
            ['comm_tag', op.kind === 'F' ? tag(op.microbatch, op.virtualStage - 1, 1) : tag(op.microbatch, op.virtualStage + 1, -1)],
          ]),
        );
      }
      if (i === 1 && gatherFirst !== undefined) deps.push(gatherFirst);
      if (i === lastBackward) beforeLastBackward = previous;
      const chunk = chunks[op.stage] as StageTime;
      const compute = add(
        `${op.kind}${op.microbatch}_v${op.virtualStage}`,
        'COMP_NODE',
        deps,
        Math.max(1, Math.round(opS(chunk, op.kind, op.kind === 'B' && split.has(`${op.microbatch}/${op.virtualStage}`)) * 1e6)),
      );
      previous = compute;
      const to = op.kind === 'F' ? peer(op, 1) : op.kind === 'B' ? peer(op, -1) : undefined;
      if (to !== undefined) {
        add(`send_${op.kind}${op.microbatch}_v${op.virtualStage}`, 'COMM_SEND_NODE', [compute], 0, [
          ['comm_size', p2pBytes],
          ['comm_dst', to],
          ['comm_tag', tag(op.microbatch, op.virtualStage, op.kind === 'F' ? 1 : -1)],
        ]);
      }
    });
    const lastCompute = previous;
    const gradientsAfter = (overlap ? beforeLastBackward : lastCompute) ?? lastCompute;
    let chain: number[] = gradientsAfter === undefined ? [] : [gradientsAfter];
    if (dpSize > 1) {
      const op = plan.zero >= 1 ? 'reducescatter' : 'allreduce';
      chain = [collective(`grad_${op}`, op, dense * plan.gradientBytes, dpGroup, chain)];
    }
    if (experts > 0 && expertDp > 1) {
      groups[expertGroup] ??= Array.from({ length: expertDp }, (_, k) => s * plan.tp * dpSize + (r % (plan.ep * plan.etp)) + k * plan.ep * plan.etp);
      chain = [collective('expert_grad_allreduce', 'allreduce', experts * plan.gradientBytes, expertGroup, chain)];
    }
    if (!overlap && dpSize > 1 && plan.zero >= 1) chain = [collective('param_allgather', 'allgather', dense * PARAMETER_WIRE_BYTES, dpGroup, chain)];
    add(
      'optimizer_step',
      'COMP_NODE',
      [...chain, ...(lastCompute === undefined ? [] : [lastCompute])],
      Math.max(1, Math.round(report.breakdown.optimizerS * 1e6)),
    );
    traces.push(nodes);
  }
  return { traces, groups };
}
