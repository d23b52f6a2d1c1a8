/**
 * Scale-out transports as collectives feel them: how far a NIC's share of each step's message falls short of its line
 * rate. InfiniBand RDMA and RoCE are the model's baseline (its scale-out efficiency was fitted on them); AWS EFA's SRD
 * reaches its rate only on large messages, so mid-size collectives over EFA run well below it, and its large messages
 * a little below InfiniBand's.
 */

export const TRANSPORTS = ['infiniband', 'roce', 'efa'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/**
 * Bytes per rank per step (a collective's size over its ranks, a ring step's message) at which the transport carries
 * half its large-message rate: the scale-out bandwidth of a step of m bytes a rank is rate x share x m / (m + half).
 * Refitted jointly with TRANSPORT_LINE_RATE_SHARE (below): 2 MiB stands.
 * FITTED, efa only, on the development set's EFA rows (validation/cases.json coll-aws-p5-efa-ar-{2,4,8,16,32}n: nccl-tests
 * all-reduce on 2 to 32 p5.48xlarge nodes, 32 MiB to 8 GiB, github.com/crazyguitar/aws-gpu-communication-benchmark
 * data/nccl_all_reduce.csv@fd167f9): the value of least median |error| over its 45 rows on a grid of 0.0625 to 32 MiB:
 * 0 (no ramp) 30.5%, 0.5 MiB 27.0%, 1 MiB 18.8%, 1.5 MiB 15.5%, 2 MiB 11.5%, 3 MiB 12.1%, 4 MiB 15.6%, 8 MiB 18.4%.
 * Checked on the held-back EFA rows, never fitted on them: 4 x 8 B200 at 16 MiB +110% -> -20%, 64 MiB +38% -> -21%,
 * 256 MiB +20% -> -2%, 1 MiB +47% -> -66% (the ramp says nothing of latency-bound sizes, which the fit set lacks);
 * 4 x 8 H200 and 2 x 8 H200 at 8 GiB within a point of before. InfiniBand and RoCE keep 0 (no ramp): the model's
 * scale-out efficiency and protocol latencies were fitted on them.
 */
export const TRANSPORT_MESSAGE_HALF_BYTES: Readonly<Record<Transport, number>> = {
  infiniband: 0,
  roce: 0,
  efa: 2 * 2 ** 20,
};

/**
 * The share of its line rate a transport carries once messages are large, beside InfiniBand RDMA's (the baseline the
 * scale-out efficiency was fitted on). FITTED, efa only, jointly with its half-rate size on the same development rows
 * (coll-aws-p5-efa-ar-{2,4,8,16,32}n, 45 rows; median |error| by share at the best half size): 1: 11.5% (2 MiB),
 * 0.95: 7.1% (2 MiB), 0.93: 5.73% (2 MiB; 1.75 MiB 7.7%, 2.25 MiB 7.0%), 0.92: 5.73% (2 MiB), 0.91: 6.0%, 0.9: 6.7%.
 * What the rings of 4 to 32 nodes reach at 4-8 GiB sets it; two-node all-reduces run NVLS-tree, held by NCCL's
 * per-channel ceiling, not the NICs. Checked on the held-back rows, never fitted on them (share 1 -> 0.93): the same
 * campaign's all-gather sweeps 7.1% -> 6.7% (2 GiB on 2 to 8 nodes +13-17% -> +5-9%), 4 x 8 H200 rings and NVLS-trees
 * +3.7% / +17.1% -> -3.5% / +10.4%; the all-to-all sweeps 15.0% -> 21.0% (their mid sizes already read slow: the
 * all-to-all's per-peer messages are a mechanism of their own, open), 4 x 8 B200 on P6 6.5% -> 12.9% (large sizes
 * +1% -> -6 to -8%: a later EFA generation than the p5's that the fit set measures).
 */
export const TRANSPORT_LINE_RATE_SHARE: Readonly<Record<Transport, number>> = {
  infiniband: 1,
  roce: 1,
  efa: 0.93,
};

/** The share of the line rate a step of `bytesPerRank` gets on `transport`: its large-message share, ramped. */
export function transportShare(transport: Transport, bytesPerRank: number): number {
  const half = TRANSPORT_MESSAGE_HALF_BYTES[transport];
  return TRANSPORT_LINE_RATE_SHARE[transport] * (half <= 0 ? 1 : bytesPerRank / (bytesPerRank + half));
}
