/** The flow-level network simulation: flows start, share links max-min fairly, and finish; a value you create, step and run. */

import { FlowEngine } from './flow-engine.js';
import type { FlowSpec } from './flow-spec.js';

export interface NetworkSimulationOptions {
  /** Capacity of each directed link in bytes/s; copied at creation. */
  readonly linkCapacity: Float64Array;
}

export interface NetworkStats {
  /** Instants processed: each successful step() is one, however many flows started or finished in it. */
  readonly events: number;
  /** Calls to solveMaxMin (one per instant whose touched component is not empty). */
  readonly solves: number;
  /** Sum over solves of the flows re-solved: what the component restriction saves shows here. */
  readonly flowsSolvedTotal: number;
  readonly maxActiveFlows: number;
}

export interface NetworkSimulation {
  /** Schedules a flow and returns its id (0, 1, 2, ... in call order). */
  addFlow(flow: FlowSpec): number;
  /** Processes the next instant; false when no flow is left to start or finish. */
  step(): boolean;
  /** Steps until nothing is left and returns the final time in seconds. */
  run(): number;
  /** Current simulation time in seconds. */
  now(): number;
  stats(): NetworkStats;
  /** When flow `flowId` finished, in seconds; undefined while it has not; throws for an unknown id. */
  completedAt(flowId: number): number | undefined;
}

/**
 * Creates an empty simulation at time 0. Flows become active at their start time, share links
 * by max-min fairness (solveMaxMin), and finish when each member has moved its bytes. An instant
 * gathers every start and completion within REL_TOLERANCE x max(1, t) of the earliest one, so
 * flows that float noise spreads by a few ulps finish together, with one re-solve. After each
 * instant only the connected component of the flows that started or finished is re-solved, and
 * after departures only its flows at least as fast as the slowest departing one (component.ts
 * says why the rest cannot change). Iteration is in flow-id order and nothing reads a clock or
 * a random source, so the same calls give the same results bit for bit.
 *
 * Example: one link of 100 B/s, flows of 100 B and 300 B from t = 0: each gets 100 / 2 = 50 B/s,
 * so the first finishes at 100 / 50 = 2 s; the second has 300 - 2 x 50 = 200 B left, now at
 * 100 B/s, and finishes at 2 + 200 / 100 = 4 s.
 */
export function createNetworkSimulation(options: NetworkSimulationOptions): NetworkSimulation {
  const engine = new FlowEngine(options.linkCapacity);
  return {
    addFlow: (flow) => engine.addFlow(flow),
    step: () => engine.step(),
    run: () => engine.run(),
    now: () => engine.time,
    stats: () => ({ ...engine.counters }),
    completedAt: (flowId) => engine.completedAt(flowId),
  };
}
