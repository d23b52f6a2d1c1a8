/** What a flow is to the network simulation: its route, bytes, members, start, rate cap and completion callback. */

/** Called once when a flow finishes, with the simulation time in seconds; it may add flows starting now or later. */
export type FlowCompletion = (flowId: number, time: number) => void;

export interface FlowSpec {
  /** Directed link ids the flow crosses; copied, so the caller may reuse the array. */
  readonly route: Int32Array;
  /** Bytes each member flow moves. */
  readonly bytes: number;
  /** k identical member flows that share one entry: k x rate on every link, k x bytes in total. Default 1. */
  readonly multiplicity?: number;
  /** Absolute start time in seconds, >= now(). Default now(). */
  readonly startAt?: number;
  /** Upper bound on each member's rate in bytes/s (NIC, injection limit). Default Infinity (none). */
  readonly rateCap?: number;
  readonly onComplete?: FlowCompletion;
}
