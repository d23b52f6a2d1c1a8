/** Builds a registered collective algorithm from its closed form and schedule, adding the checks every algorithm shares. */

import { type Seconds, seconds } from '../units/units.js';
import { contextProblem } from './context.js';
import type { CollectiveAlgorithm, CollectiveContext, CollectiveOp, ProtocolFamily, Schedule } from './types.js';

/** What one algorithm file writes: its op, short name, citation, own conditions, and its math for n >= 2 ranks. */
export interface AlgorithmSpec {
  readonly op: CollectiveOp;
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** Conditions beyond a well-formed context of the right op; undefined when usable. */
  readonly applies?: (ctx: CollectiveContext) => string | undefined;
  /** Closed-form seconds; only called with ranks >= 2 and `applies` satisfied. */
  readonly time: (ctx: CollectiveContext) => number;
  /** The transfer DAG; only called with ranks >= 2 and `applies` satisfied. */
  readonly schedule: (ctx: CollectiveContext) => Schedule;
  /** Whether the automatic choice may pick it (default true); false for algorithms NCCL does not implement. */
  readonly automatic?: boolean;
  /** Whose protocol costs it pays (default 'ring'): see ProtocolFamily. */
  readonly family?: ProtocolFamily;
}

/**
 * The algorithm with id `${op}/${name}`. A context of one rank costs nothing and moves nothing; a context the
 * algorithm cannot run in makes `time` and `schedule` throw with the reason `applies` gives.
 */
export function defineCollectiveAlgorithm(spec: AlgorithmSpec): CollectiveAlgorithm {
  const id = `${spec.op}/${spec.name}`;
  const applies = (ctx: CollectiveContext): string | undefined => {
    if (ctx.op !== spec.op) return `${id} serves ${spec.op}, not ${ctx.op}`;
    return contextProblem(ctx) ?? spec.applies?.(ctx);
  };
  const check = (ctx: CollectiveContext) => {
    const reason = applies(ctx);
    if (reason !== undefined) throw new Error(`collective algorithm '${id}' cannot run: ${reason}`);
  };
  return {
    id,
    name: spec.name,
    description: spec.description,
    source: spec.source,
    ops: [spec.op],
    automatic: spec.automatic ?? true,
    family: spec.family ?? 'ring',
    applies,
    time(ctx): Seconds {
      check(ctx);
      return seconds(ctx.ranks === 1 ? 0 : spec.time(ctx));
    },
    schedule(ctx): Schedule {
      check(ctx);
      return ctx.ranks === 1 ? { transfers: [] } : spec.schedule(ctx);
    },
  };
}
