/**
 * How a fabric moves small data: memory semantics (a GPU loads from and stores to a peer's or a device's memory, one
 * sided, no message exchanged first) or message semantics (send and receive: the two ends agree on a buffer, then the
 * data moves). The scenario's `scaleUp.memorySemantics` says which the scale-up fabric offers; what changes without it:
 * - NCCL's steps inside a domain go as messages, at the network's per-step latency (comm/protocols.ts);
 * - DeepEP's low-latency dispatch and combine write each expert copy as a message rather than a store
 *   (serving/deepep.ts);
 * - a KV block fetched from a CXL pool on the scale-up switches is a posted transfer rather than a load
 *   (serving/deployment.ts).
 */

/**
 * One round trip of small messages before a rendezvous transfer moves its data (the sender asks, the receiver names
 * its buffer): two one-way small-message latencies, perftest ib_send_lat over RC at 32 B reading 0.83 us one way
 * (D. Potter, master's thesis, tables/mtu_performance.tex: 0.81-0.83 us at every MTU). A load or store needs none.
 */
export const MESSAGE_ROUND_TRIP_S = 2 * 0.83e-6;
