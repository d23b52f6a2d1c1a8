/**
 * Named calibration constants of the communication model, each fitted once on the dev set
 * (cases.json) and used unchanged for every system and case.
 */

/**
 * Share of scale-up link bandwidth (after the link's own protocol efficiency) that NCCL-class collective
 * kernels turn into payload: copy engines, flags and chunk handshakes of the Simple protocol.
 * Fitted as the median of ring busbw / (raw per-direction bandwidth x 0.93) over the dev ring cases:
 * 8xH100 368/(450 x 0.93) = 0.879 (coll-8xH100-ring-effective, coll-8xH100-ar-ring-vs-nvls-scaling),
 * 8xA100 231.6/(300 x 0.93) = 0.830 (coll-azure-NDA100v4-ar-curve, 8G),
 * 8xB300 695/(900 x 0.93) = 0.830 (coll-8xB300-ar-nvls-onoff-2026, off),
 * 4xGB200 679.6/(900 x 0.93) = 0.812 (coll-azure-NDGB200v6-ar-4gpu, 8G). Median: 0.83.
 */
export const SCALE_UP_COLLECTIVE_EFFICIENCY = 0.83;

/**
 * In-switch reduction (NVLS) moves S(n+1)/n per GPU each way but runs below ring speed on the links: multimem
 * reductions and multicast stores cost extra. Fitted so that the per-GPU effective bandwidth B' in
 * t = S (n+1) / (n B') matches link-bound NVLS measurements, relative to the ring efficiency above:
 * 8xH100 B' = 308 GB/s (algbw 258-273 on 5-8 GPUs, coll-8xH100-ar-ring-vs-nvls-scaling) -> 308/(450 x 0.93 x 0.83) = 0.887;
 * 8xH800 busbw 215 -> B' = 138 (coll-8xH800-ar) -> 0.894. Blackwell rows (B200, B300) are bound by the switch's
 * reduction rate instead (hardware/switches.ts NVLINK5_SWITCH_REDUCTION_RATE) and are not in this fit.
 */
export const IN_SWITCH_EFFICIENCY = 0.887;

/**
 * Fixed cost of one collective call, on top of the protocol's own latencies (comm/protocols.ts): kernel launch
 * and the first synchronisation, seconds. Fitted on the 1 KB all-reduce points, which are pure latency:
 * 8xH100 NVLS 25.6 us, 8xH200 NVLS 29.9 us, 8xA100 44.8 us, 4xGB200 ring 15.4 us (cases.json *-ar-curve cases).
 * With NCCL's protocol latencies these are 23-24 us (NVLS), ~15 us (A100 tree/LL) and ~11 us (ring/LL on 4
 * GPUs) plus this constant; 15 us minimises the worst ratio (H100 1.5x over, A100 1.5x under), all within 2x.
 */
export const COLLECTIVE_LAUNCH_S = 15e-6;
