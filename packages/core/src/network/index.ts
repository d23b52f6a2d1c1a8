/** The flow-level network engine: max-min rate sharing, its event queue, and the flow simulation. */

export { EventQueue } from './event-queue.js';
export type { FlowCompletion, FlowSpec } from './flow-spec.js';
export { type MaxMinProblem, MaxMinWorkspace, solveMaxMin } from './max-min.js';
export { createNetworkSimulation, type NetworkSimulation, type NetworkSimulationOptions, type NetworkStats } from './simulation.js';
