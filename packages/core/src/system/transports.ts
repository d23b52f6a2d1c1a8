/**
 * Scale-out transports as collectives feel them: how far a NIC's share of each step's message falls short of its line
 * rate. InfiniBand RDMA and RoCE are the model's baseline (its scale-out efficiency was fitted on them); AWS EFA's SRD
 * reaches its rate only on large messages, so mid-size collectives over EFA run well below it, and its large messages
 * a little below InfiniBand's. TCP sockets (NCCL's NET/Socket, no RDMA) stage every message through host memory and
 * the kernel's TCP stack, and reach far less of the line rate, later.
 */

export const TRANSPORTS = ['infiniband', 'roce', 'efa', 'tcp'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/**
 * Bytes per rank per step (a collective's size over its ranks, a ring step's message) at which the transport carries
 * half its large-message rate: the scale-out bandwidth of a step of m bytes a rank is rate x share x m / (m + half).
 * Refitted jointly with TRANSPORT_LINE_RATE_SHARE (below) once NVLS-tree all-reduces pipeline their chunks
 * (comm/nvls-tree-limits.ts nvlsTreeChunks), which the ramp had stood in for on two nodes: 2 -> 1.5 MiB.
 * First FITTED, efa only, on the development set's EFA rows (validation/cases.json coll-aws-p5-efa-ar-{2,4,8,16,32}n: nccl-tests
 * all-reduce on 2 to 32 p5.48xlarge nodes, 32 MiB to 8 GiB, github.com/crazyguitar/aws-gpu-communication-benchmark
 * data/nccl_all_reduce.csv@fd167f9): the value of least median |error| over its 45 rows on a grid of 0.0625 to 32 MiB:
 * 0 (no ramp) 30.5%, 0.5 MiB 27.0%, 1 MiB 18.8%, 1.5 MiB 15.5%, 2 MiB 11.5%, 3 MiB 12.1%, 4 MiB 15.6%, 8 MiB 18.4%.
 * Checked on the held-back EFA rows, never fitted on them: 4 x 8 B200 at 16 MiB +110% -> -20%, 64 MiB +38% -> -21%,
 * 256 MiB +20% -> -2%, 1 MiB +47% -> -66% (the ramp says nothing of latency-bound sizes, which the fit set lacks);
 * 4 x 8 H200 and 2 x 8 H200 at 8 GiB within a point of before. InfiniBand and RoCE keep 0 (no ramp): the model's
 * scale-out efficiency and protocol latencies were fitted on them. An all-to-all's step counts in the same units as
 * the bytes one connection carries (comm/context.ts transportStepBytes: each peer's S/n on NCCL's channels a peer,
 * against a ring's S/n over a domain's d channel rings); checked on the held-back EFA all-to-all sweeps
 * (coll-aws-p5-efa-a2a-*, 35 rows), never fitted: median |error| 14.7% -> 9.6%, 32 MiB on 32 nodes -82% -> -10%, 2
 * nodes at 32 MiB +0.5% -> +45% (what stays is a per-call cost the ramp does not hold).
 * tcp: 0; its ramp is the host's time a message (TRANSPORT_MESSAGE_OVERHEAD_S), whatever the NIC's rate.
 */
export const TRANSPORT_MESSAGE_HALF_BYTES: Readonly<Record<Transport, number>> = {
  infiniband: 0,
  roce: 0,
  efa: 1.5 * 2 ** 20,
  tcp: 0,
};

/**
 * The share of its line rate a transport carries once messages are large, beside InfiniBand RDMA's (the baseline the
 * scale-out efficiency was fitted on). FITTED, efa only, jointly with its half-rate size on the same development rows
 * (coll-aws-p5-efa-ar-{2,4,8,16,32}n, 45 rows), with NVLS-tree all-reduces pipelining their chunks at NCCL's
 * NVLS-tree latencies: median |error| at share / half size 0.94 / 1.5 MiB 5.49% (1.25 MiB 6.2%, 1.75 MiB 5.8%), 0.93
 * / 1.5 MiB 5.19% (1.25 MiB 6.4%, 1.75 MiB 6.6%), 0.92 / 1.5 MiB 5.01% (1.25 MiB 6.9%, 1.75 MiB 6.0%); earlier, without
 * the chunk pipeline, 1 / 2 MiB 11.5% and 0.93 / 2 MiB 5.7%. What the rings of 4 to 32 nodes reach at 4-8 GiB sets the
 * share; two-node all-reduces run NVLS-tree, held by NCCL's per-channel ceiling, not the NICs. Checked on the held-back
 * rows, never fitted on them (share 1 and 2 MiB without the chunk pipeline -> this): the same campaign's all-gather
 * sweeps 7.1% -> 6.8% (2 GiB on 2 to 8 nodes +13-17% -> +5-10%), 4 x 8 H200 ring and NVLS-tree +3.7% / +17.1% -> 9.0%
 * median; the all-to-all sweeps 15.0% -> 14.7%; 4 x 8 B200 on P6 6.5% -> 14.0% (large sizes +1% -> -6 to -9%: a later
 * EFA generation than the p5's that the fit set measures). Added after the fit, another campaign's two-node peaks
 * (coll-2x8x{B200,H100}-efa-ar-peak): p6-b200 -0.5%, p5 -4.6%.
 * tcp (NCCL's NET/Socket: no GPU Direct, every message staged through host memory and the kernel's TCP stack):
 * share 0.7 and half-rate size 1.5 MiB (94 us a message at that rate: TRANSPORT_MESSAGE_OVERHEAD_S), FITTED jointly on the development sweep coll-2x8xH100-tcp-ar-curve (two GCP
 * a3-highgpu-8g, one 200 Gbit/s gVNIC a node, MTU 1460, NCCL 2.22.3; 1 MiB to 1 GiB, 5 rows), the pair of least
 * median |error| on a grid (share 0.6-0.8, half 0.5-3 MiB), with trees paying the host's time a message a network
 * stage (TRANSPORT_MESSAGE_OVERHEAD_S): 0.7 / 1.5 MiB 2.7% (rows -3, +13, +12, -2, +3%; 0.7 / 2.5 MiB 4.9%, 0.65 / 2 MiB
 * 5.4%, 0.7 / 2 MiB 5.6%). Before trees paid it so, 0.7 / 2 MiB had fitted best (2.6%) with its 1 MiB and 16 MiB
 * rows, two-node trees, at -82% and -41%. Beside it, the same nodes' raw TCP (iperf3, labs/lab-05 of the same
 * source): one stream 22.3 Gbit/s, eight 163 Gbit/s, 0.82 of the line rate; NCCL keeps 0.7 of it. Checked on another
 * cluster's three-node sweeps, never fitted (coll-3x8xH100-tcp-ar-ringtree), before -> after the trees' host time a
 * message: trees -87% -> +2% (512 KiB), -70% -> +34%, -18% -> -2%, +10% -> +10% (1 GiB); rings +28% -> +68%, +23% ->
 * +58%, +18% -> +26%, +12% -> +14% (the smaller half-rate size speeds them, and the development sweep has no ring to
 * hold it); the default's peaks on 2 and 3 nodes +23% -> +24% and +32% -> +32%; median 23% -> 25%. The source itself
 * puts that cluster ~20% below the first (23.7 against 28.6 GB/s on two nodes). Fitted at 200 Gbit/s a node: the
 * host CPU time the kernel's TCP stack spends a byte, which bounds a node's sockets well below eight 400 Gbit/s NICs,
 * is not modelled, so TCP on faster NICs reads as optimistic as the share scales.
 */
export const TRANSPORT_LINE_RATE_SHARE: Readonly<Record<Transport, number>> = {
  infiniband: 1,
  roce: 1,
  efa: 0.92,
  tcp: 0.7,
};

/**
 * Seconds of the host's time a message on transports that stage every message through it: NCCL's NET/Socket (tcp)
 * hands each message to a proxy thread that copies it through host memory and makes the socket calls, one after
 * another, so a message holds the host for a time whatever its size and whatever the NIC's rate (LogP's overhead o,
 * which does not overlap the next message as a wire's latency does). A step of m bytes over a connection carrying
 * share x rate then takes o + m / (share x rate): a ring pays o at every step of the ranks that cross the network (the
 * ramp of transportShare, its half-rate size o x share x rate), a tree's chunks once a network stage and once a chunk
 * at its busiest rank (collectives/all-reduce/channel-trees.ts). RDMA transports (InfiniBand, RoCE, EFA) move a
 * message without the host: 0. Tried on EFA's trees in this form (its ramp read as o = half / (share x rate), its
 * development rows on 4 to 32 nodes): they go from 20-70% slow to 45-74% fast, so EFA keeps its ramp in bytes.
 * tcp: 94 us, FITTED jointly with its share (TRANSPORT_LINE_RATE_SHARE, see there for the grid and the rows) on the
 * development sweep coll-2x8xH100-tcp-ar-curve, where a GPU's connection carries 0.7 x 25 Gbit/s x 0.96: 1.5 MiB
 * over 8 x 2.1 GB/s. Read in seconds rather than bytes, TCP over faster NICs keeps the host's time a message: at 400
 * Gbit/s a GPU the same 1.5 MiB would be 5.9 us.
 */
export const TRANSPORT_MESSAGE_OVERHEAD_S: Readonly<Record<Transport, number>> = { infiniband: 0, roce: 0, efa: 0, tcp: 94e-6 };

/** Whether the transport stages every message through the host (a time a message, TRANSPORT_MESSAGE_OVERHEAD_S). */
export const isHostStaged = (transport: Transport): boolean => TRANSPORT_MESSAGE_OVERHEAD_S[transport] > 0;

/**
 * The share of the line rate a step of `bytesPerRank` gets on `transport`: its large-message share, ramped. `stepRate`
 * is the bytes per second a rank's step crosses the network at large messages (a domain's d connections, each at the
 * transport's share of its NIC's rate): a host's time a message is a half-rate size of that time at that rate.
 * Example: tcp, 1 MiB a rank over 8 connections of 2.1 GB/s: half 94 us x 16.8 GB/s = 1.58 MB, share 0.7 x 1.05 /
 * (1.05 + 1.58) = 0.28.
 */
export function transportShare(transport: Transport, bytesPerRank: number, stepRate = 0): number {
  const half = TRANSPORT_MESSAGE_HALF_BYTES[transport] + TRANSPORT_MESSAGE_OVERHEAD_S[transport] * stepRate;
  return TRANSPORT_LINE_RATE_SHARE[transport] * (half <= 0 ? 1 : bytesPerRank / (bytesPerRank + half));
}
