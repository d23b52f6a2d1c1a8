/**
 * Runs a SimAI/AICB workload on a supernode system as SimAI's hybrid-transformer loop does (forward layers in order,
 * each compute then its collective, blocking; backward from the last layer, input-gradient compute and collective
 * blocking, weight-gradient collectives queued on their own stream while the backward goes on; the iteration ends when
 * the last weight-gradient collective does), every collective priced on the system's fabric at the run's fidelity.
 */

import { ArgumentError } from '../base/errors.js';
import { CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import type { System } from '../system/system.js';
import type { AicbComm, AicbGroup, AicbWorkload } from './aicb.js';

export interface AicbOptions {
  readonly fidelity?: Fidelity;
  /** Multiplies every compute time (the file's times were measured on another GPU): 1 takes them as written. */
  readonly computeScale?: number;
}

export interface AicbReport {
  readonly system: string;
  readonly file: string;
  readonly layers: number;
  readonly plan: {
    readonly tp: number;
    readonly ep: number;
    readonly pp: number;
    readonly dp: number;
    readonly vpp: number;
    readonly ga: number;
    readonly gpus: number;
  };
  readonly fidelity: Fidelity;
  readonly computeScale: number;
  /** Forward and backward of the iteration's layers, with the collectives they wait for and the last gradients'. */
  readonly iterationTimeS: number;
  readonly computeS: number;
  /** Collective time the compute waited for, by group. */
  readonly exposedCommS: Readonly<Record<AicbGroup, number>>;
  /** Collective time by group, waited for or hidden. */
  readonly commS: Readonly<Record<AicbGroup, number>>;
  /** SimAI's pipeline bubble: (pp - 1) / (ga x vpp) of the layers' compute and exposed collectives (the embedding's aside). */
  readonly bubbleS: number;
  /** The iteration with its bubble: what a step takes. */
  readonly stepTimeS: number;
}

/** The ranks of one group of each kind in Megatron order (TP fastest, then DP, PP outermost): size and stride. */
function groupShape(w: AicbWorkload, group: AicbGroup): { size: number; stride: number } {
  const dp = w.gpus / (w.tp * w.pp);
  switch (group) {
    case 'tp':
      return { size: w.tp, stride: 1 };
    case 'ep':
      return { size: w.ep, stride: w.tp };
    case 'dp':
      return { size: dp, stride: w.tp };
    case 'dp-ep':
      return { size: dp / w.ep, stride: w.tp * w.ep };
  }
}

const NO_GROUPS: Record<AicbGroup, number> = { tp: 0, ep: 0, dp: 0, 'dp-ep': 0 };

/**
 * The workload's iteration on `system` (which holds at least its all_gpus GPUs). Example: a GPT layer of 1.75 ms
 * forward with a 48 MiB tensor-parallel all-gather on 8 H100s waits ~0.2 ms for it; the same on an AL128 less.
 */
export function runAicbWorkload(system: System, w: AicbWorkload, options: AicbOptions = {}): AicbReport {
  if (w.gpus > system.gpus) throw new ArgumentError('gpus', `the workload runs on ${w.gpus} GPUs (all_gpus); the system has ${system.gpus}`);
  const fidelity = options.fidelity ?? 'analytical';
  const scale = options.computeScale ?? 1;
  if (!(scale > 0)) throw new ArgumentError('computeScale', `expected a positive factor, received ${scale}`);
  const session = new CollectiveSession(system);
  const groups = new Map<AicbGroup, number[]>();
  const prices = new Map<string, number>();
  const price = (c: AicbComm): number => {
    const key = `${c.op}/${c.group}/${c.bytes}`;
    const known = prices.get(key);
    if (known !== undefined) return known;
    const { size, stride } = groupShape(w, c.group);
    let group = groups.get(c.group);
    if (!group) {
      group = Array.from({ length: size }, (_, i) => i * stride);
      groups.set(c.group, group);
    }
    // SimAI raises collectives under 4 KiB to 4 KiB; a group of one rank moves nothing.
    // No launch cost: SimAI prices none, and train counts it in its kernels.
    const seconds =
      size <= 1 ? 0 : runCollective(session, { op: c.op, group, bytes: Math.max(4096, c.bytes), algorithm: 'auto', fidelity, launch: false }).timeUs * 1e-6;
    prices.set(key, seconds);
    return seconds;
  };
  const exposed = { ...NO_GROUPS };
  const total = { ...NO_GROUPS };
  let t = 0;
  let compute = 0;
  let bubbleBase = 0;
  const blocking = (c: AicbComm | undefined, embedding: boolean): void => {
    if (!c) return;
    const s = price(c);
    t += s;
    exposed[c.group] += s;
    total[c.group] += s;
    if (!embedding) bubbleBase += s;
  };
  const work = (seconds: number, embedding: boolean): void => {
    const s = seconds * scale;
    t += s;
    compute += s;
    if (!embedding) bubbleBase += s;
  };
  for (const layer of w.layers) {
    const embedding = layer.name === 'embedding_layer';
    work(layer.forward.computeS, embedding);
    blocking(layer.forward.comm, embedding);
  }
  // Weight-gradient collectives queue on one stream in issue order, beside the backward.
  let streamFree = 0;
  for (let i = w.layers.length - 1; i >= 0; i--) {
    const layer = w.layers[i] as (typeof w.layers)[number];
    const embedding = layer.name === 'embedding_layer';
    work(layer.inputGrad.computeS, embedding);
    blocking(layer.inputGrad.comm, embedding);
    work(layer.weightGrad.computeS, embedding);
    const c = layer.weightGrad.comm;
    if (c) {
      const s = price(c);
      streamFree = Math.max(streamFree, t) + s;
      total[c.group] += s;
    }
  }
  // The tail of the gradient stream past the backward is exposed, charged to the groups in proportion.
  const tail = Math.max(0, streamFree - t);
  const hidden = total.dp + total['dp-ep'];
  if (tail > 0 && hidden > 0) {
    exposed.dp += (tail * total.dp) / hidden;
    exposed['dp-ep'] += (tail * total['dp-ep']) / hidden;
  }
  const iteration = t + tail;
  const bubble = w.pp > 1 ? (bubbleBase * (w.pp - 1)) / (w.ga * w.vpp) : 0;
  return {
    system: system.spec.name,
    file: w.file,
    layers: w.layers.length,
    plan: { tp: w.tp, ep: w.ep, pp: w.pp, dp: w.gpus / (w.tp * w.pp), vpp: w.vpp, ga: w.ga, gpus: w.gpus },
    fidelity,
    computeScale: scale,
    iterationTimeS: iteration,
    computeS: compute,
    exposedCommS: exposed,
    commS: total,
    bubbleS: bubble,
    stepTimeS: iteration + bubble,
  };
}
