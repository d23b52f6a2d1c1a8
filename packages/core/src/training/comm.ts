/** Communication of one training iteration: each collective kind priced once on its group, with its sibling groups contending. */

import type { CollectiveOp } from '../collectives/types.js';
import { type CollectiveResult, type CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import type { TransformerModel } from '../models/types.js';
import type { ParallelPlan } from './plan.js';

export interface CommCost {
  /** Seconds of one call. */
  readonly seconds: number;
  readonly algorithm: string;
  readonly bytes: number;
}

/**
 * Prices by request, shared by every plan priced on one session: a collective's time depends on the system and the
 * request alone (op, group, bytes, contending groups, fidelity), and a plan search prices the same data-parallel and
 * pipeline groups for hundreds of plans.
 */
const SHARED = new WeakMap<CollectiveSession, Map<string, CommCost>>();

/** Group rank lists by shape (size/stride), per session: see TrainingComm.group. */
const GROUPS = new WeakMap<CollectiveSession, Map<string, number[]>>();

/**
 * Groups in Megatron rank order (TP fastest, then CP, DP, PP). Each kind is priced on its first group while the
 * groups that run at the same time and may share links run beside it: every TP group of a scale-up domain, the
 * TP x CP data-parallel groups of a pipeline stage, and so on. Groups in other domains or stages mirror these.
 */
export class TrainingComm {
  private readonly cache = new Map<string, CommCost>();
  constructor(
    private readonly session: CollectiveSession,
    private readonly plan: ParallelPlan,
    private readonly fidelity: Fidelity,
  ) {}

  /**
   * Ranks of a group: `size` ranks `stride` apart from rank 0, one array per shape and session, so the session's
   * analysis of a group (keyed by the array) serves every plan that asks for it.
   */
  private group(size: number, stride: number): number[] {
    let groups = GROUPS.get(this.session);
    if (!groups) {
      groups = new Map();
      GROUPS.set(this.session, groups);
    }
    const key = `${size}/${stride}`;
    let group = groups.get(key);
    if (!group) {
      group = Array.from({ length: size }, (_, i) => i * stride);
      groups.set(key, group);
    }
    return group;
  }

  private price(kind: string, op: CollectiveOp, size: number, stride: number, bytes: number, siblings: number): CommCost {
    if (size <= 1 || bytes <= 0) return { seconds: 0, algorithm: '-', bytes: 0 };
    const key = `${kind}/${op}/${bytes}`;
    const hit = this.cache.get(key) ?? this.mirror(kind, op, bytes);
    if (hit) return hit;
    const last = (size - 1) * stride;
    const maxSiblings = Math.max(1, Math.floor((this.plan.gpus - last - 1) / (stride === 1 ? size : 1)) + 1);
    const concurrentGroups = Math.min(siblings, maxSiblings);
    let shared = SHARED.get(this.session);
    if (!shared) {
      shared = new Map();
      SHARED.set(this.session, shared);
    }
    const requestKey = `${op}/${size}/${stride}/${bytes}/${concurrentGroups}/${this.fidelity}`;
    const known = shared.get(requestKey);
    if (known) {
      this.cache.set(key, known);
      return known;
    }
    const group = this.group(size, stride);
    const request = {
      op,
      group,
      bytes,
      algorithm: 'auto',
      fidelity: this.fidelity,
      concurrentGroups,
      launch: false,
      computeBeforeS: 0,
    };
    const r: CollectiveResult = runCollective(this.session, request);
    const cost = { seconds: r.timeUs * 1e-6, algorithm: r.algorithm, bytes };
    this.cache.set(key, cost);
    shared.set(requestKey, cost);
    return cost;
  }

  /**
   * Ring and direct all-gather move the very transfers of the reduce-scatter on the same group and size (the same
   * pairs, steps and bytes; only what the receiver does with the data differs), so one flow run prices both.
   */
  private mirror(kind: string, op: CollectiveOp, bytes: number): CommCost | undefined {
    if (op !== 'allgather' && op !== 'reducescatter') return undefined;
    const other = this.cache.get(`${kind}/${op === 'allgather' ? 'reducescatter' : 'allgather'}/${bytes}`);
    return other && (other.algorithm === 'ring' || other.algorithm === 'direct') ? other : undefined;
  }

  /** Sequence-parallel all-gather or reduce-scatter (or all-reduce without SP) of the layer activations. */
  tp(op: 'allgather' | 'reducescatter' | 'allreduce', bytes: number): CommCost {
    const domain = this.session.system.spec.scaleUp.domainSize;
    return this.price('tp', op, this.plan.tp, 1, bytes, Math.max(1, Math.floor(domain / this.plan.tp)));
  }

  /** Expert-parallel all-to-all (dispatch or combine) of `bytes` per rank. */
  ep(bytes: number): CommCost {
    return this.price('ep', 'alltoall', this.plan.ep, this.plan.etp, bytes, this.plan.etp);
  }

  /**
   * All-to-all among the EP group's GPUs of the same local index, one per node (a rail: the scale-out hop of
   * node-limited routing), `bytes` per rank. All rails of the group run at once.
   */
  epRail(bytes: number): CommCost {
    const perNode = this.epRanksPerNode();
    const domain = this.session.system.spec.scaleUp.domainSize;
    return this.price('ep-rail', 'alltoall', this.plan.ep / perNode, domain, bytes, perNode);
  }

  /** All-to-all among the EP group's GPUs inside one node (the scale-up fan-out of node-limited routing), `bytes` per rank. */
  epLocal(bytes: number): CommCost {
    return this.price('ep-local', 'alltoall', this.epRanksPerNode(), this.plan.etp, bytes, 1);
  }

  /** EP ranks per scale-up domain: the domain's GPUs of one expert-tensor rank. */
  epRanksPerNode(): number {
    return Math.max(1, Math.floor(this.session.system.spec.scaleUp.domainSize / this.plan.etp));
  }

  /** Context-parallel ring step: one KV block to the next rank. */
  cp(bytes: number): CommCost {
    return this.price('cp', 'sendrecv', Math.min(2, this.plan.cp), this.plan.tp, bytes, this.plan.tp);
  }

  /** Pipeline send of one micro-batch's activations to the next stage. */
  pp(bytes: number): CommCost {
    return this.price('pp', 'sendrecv', Math.min(2, this.plan.pp), this.plan.tp * this.plan.cp * this.plan.dp, bytes, this.plan.tp);
  }

  /**
   * Data-parallel gradient reduce-scatter / parameter all-gather (or all-reduce without ZeRO): `size` ranks `stride`
   * apart, the dense replicas every TP ranks by default; the experts' data-parallel replicas sit every EP x ETP ranks
   * (Megatron-Core's folding orders a stage's ranks ETP fastest, then EP, then expert DP).
   */
  dp(op: 'reducescatter' | 'allgather' | 'allreduce', bytes: number, size = this.plan.dp * this.plan.cp, stride = this.plan.tp): CommCost {
    return this.price(`dp${size}x${stride}`, op, size, stride, bytes, stride);
  }
}

export function trainingComm(session: CollectiveSession, plan: ParallelPlan, fidelity: Fidelity): TrainingComm {
  return new TrainingComm(session, plan, fidelity);
}

/** Bytes of one activation tensor of a micro-batch on one rank: b s / cp x h x 2 B, the message TP and PP move. */
export function activationMessage(model: TransformerModel, plan: ParallelPlan): number {
  return ((plan.mbs * plan.seq) / plan.cp) * model.hidden * 2;
}
