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
 * share 0.7 and the host's time a message 70 us (TRANSPORT_MESSAGE_OVERHEAD_S), FITTED jointly on the development
 * sweep coll-2x8xH100-tcp-ar-curve (two GCP a3-highgpu-8g, one 200 Gbit/s gVNIC a node, MTU 1460, NCCL 2.22.3; 1 MiB
 * to 1 GiB, 5 rows: two-node trees, NVLS-trees at the top), with NCCL's tree chunks (collectives/all-reduce/
 * channel-trees.ts), on a grid (share 0.65-0.8, 40-150 us): median |error| (mean) 0.65 / 40 us 3.29% (7.6%), 0.7 /
 * 70 us 3.30% (4.3%; rows +2, -6, +7, -2, +3%), 0.65 / 50 us 3.51%, 0.7 / 60 us 3.56%, 0.7 / 80 us 3.58%, 0.7 / 94 us
 * 4.43% (7.3%); the first two tie within 0.01 on the median and the mean decides. Checked on the same sweep's other
 * sizes, 1 KiB to 256 MiB as the time a call takes (coll-2x8xH100-tcp-ar-time, 16 rows, dev): over all 21 rows the same
 * grid's best is again 0.7 / 70 us, 6.7% (0.65 / 60 us 7.7%, 0.7 / 60 us 7.8%); what stays: 1-4 KiB read 14-23%
 * slow (the framework's own time a call, in the measured floor), 64-512 KiB 24-28% fast, 32 MiB 26% slow. Beside it,
 * the same nodes' raw TCP (iperf3, labs/lab-05 of the same source): one stream 22.3 Gbit/s, eight 163 Gbit/s, 0.82 of
 * the line rate; NCCL keeps 0.7 of it. Checked on another cluster's three-node sweeps, never fitted
 * (coll-3x8xH100-tcp-ar-ringtree; the source puts that cluster ~20% below the first, 23.7 against 28.6 GB/s on two
 * nodes): trees +7% (512 KiB), -3%, -13%, +7% (1 GiB); rings +126%, +105%, +34%, +15%: the development sweep has no
 * ring, and the rings of that cluster take ~170 us a step at 512 KiB (7.7 ms over 46 steps) where the model's rings
 * pay 70 us, while its trees read within 13% at the same 70 us; the default's peaks on 2 and 3 nodes +25% and +30%. Fitted at 200 Gbit/s a node: the host CPU time
 * the kernel's TCP stack spends a byte, which bounds a node's sockets well below eight 400 Gbit/s NICs, is not
 * modelled, so TCP on faster NICs reads as optimistic as the share scales.
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
 * ramp of transportShare, its half-rate size o x share x rate), a tree's chunk messages as TRANSPORT_TREE_MESSAGE_S
 * says. RDMA transports (InfiniBand, RoCE, EFA) move a message without the host: 0.
 * tcp: 70 us, FITTED jointly with its share (TRANSPORT_LINE_RATE_SHARE, see there for the grid and the rows). Read in
 * seconds rather than as a half-rate size in bytes, TCP over faster NICs keeps the host's time a message (at 400
 * Gbit/s a GPU, 70 us a ring step, where a size fitted at 25 Gbit/s would have shrunk it 16-fold).
 */
export const TRANSPORT_MESSAGE_OVERHEAD_S: Readonly<Record<Transport, number>> = { infiniband: 0, roce: 0, efa: 0, tcp: 70e-6 };

/** Whether the transport stages every message through the host (a time a message, TRANSPORT_MESSAGE_OVERHEAD_S). */
export const isHostStaged = (transport: Transport): boolean => TRANSPORT_MESSAGE_OVERHEAD_S[transport] > 0;

/**
 * Seconds each chunk message of a tree all-reduce waits at a network stage beyond its bytes, at the transport's
 * large-message share (collectives/all-reduce/channel-trees.ts: once a network stage as the first chunk passes, and
 * once a message the busiest NIC sends a chunk round). A tree's chunks are NCCL's fixed 512 KiB (Simple), not a ring
 * step's S/n, so the ramp of transportShare, fitted on rings' steps, is not theirs.
 * - infiniband, roce: 0 (NCCL's per-hop latencies, comm/protocols.ts, were measured on them).
 * - tcp: the host's time a message, TRANSPORT_MESSAGE_OVERHEAD_S (70 us), the same constant its rings pay.
 * - efa: 28 us, FITTED on the development set's EFA all-reduce sweeps (coll-aws-p5-efa-ar-{2,4,8,16,32}n, 45 rows), the
 *   transport's share and half-rate size held at their fit (0.92, 1.5 MiB): median |error| (mean) at 20 us 5.73%
 *   (7.7%), 24 us 4.17% (7.0%), 28 us 4.10% (6.6%), 32 us 4.20% (6.9%), 36 us 4.99% (7.3%); before NCCL's chunks,
 *   with the ramp at S/n, 5.01%. Fitted jointly with the share and half-rate size instead, the optimum moves to
 *   0.95 / 3 MiB and slows the held-back EFA all-gather rings of 2-8 nodes (median 5-9% -> 14-21%): the rings' ramp
 *   was fitted on rings, and stays. Against a ring step's (the half-rate size over a GPU's eight connections, 4.45 us
 *   a step on p5), a tree's chunk waits about six times as long on EFA: nothing in the model says why (a rendezvous a
 *   message that rings' receives, posted ahead, hide is one candidate), so it stays a fitted figure of EFA's. Checked
 *   on the held-back 4 x 8 B200 sweep, never fitted: 1 MiB -70% -> -44%, 16 MiB -29% -> -26%.
 */
export const TRANSPORT_TREE_MESSAGE_S: Readonly<Record<Transport, number>> = {
  infiniband: 0,
  roce: 0,
  efa: 28e-6,
  tcp: TRANSPORT_MESSAGE_OVERHEAD_S.tcp,
};

/**
 * The share of the line rate a step of `bytesPerRank` gets on `transport`: its large-message share, ramped. `stepRate`
 * is the bytes per second a rank's step crosses the network at large messages (a domain's d connections, each at the
 * transport's share of its NIC's rate): a host's time a message is a half-rate size of that time at that rate.
 * Example: tcp, 1 MiB a rank over 8 connections of 2.1 GB/s: half 70 us x 16.8 GB/s = 1.18 MB, share 0.7 x 1.05 /
 * (1.05 + 1.18) = 0.33.
 */
export function transportShare(transport: Transport, bytesPerRank: number, stepRate = 0): number {
  const half = TRANSPORT_MESSAGE_HALF_BYTES[transport] + TRANSPORT_MESSAGE_OVERHEAD_S[transport] * stepRate;
  return TRANSPORT_LINE_RATE_SHARE[transport] * (half <= 0 ? 1 : bytesPerRank / (bytesPerRank + half));
}
