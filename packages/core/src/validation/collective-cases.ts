/**
 * How each cases.json collective case is expressed as a supernode run: which preset stands for the measured
 * system, which ranks, op, size and algorithm, and which output is compared. Data only; the model is elsewhere.
 */

import type { CollectiveOp } from '../collectives/types.js';

/** busbw-per-nic: busbw over the NICs of a domain's group members (a ring's crossing traffic spreads over them). */
export type CollectiveMetric = 'busbw' | 'algbw' | 'latency-us' | 'scaleout-bw' | 'busbw-per-nic';

export interface CollectiveExpression {
  readonly key?: string;
  readonly preset: string;
  /** Scenario fields merged over the preset (to stand for a system no preset names). */
  readonly overrides?: Record<string, unknown>;
  readonly gpus?: number;
  readonly group: string;
  readonly op: CollectiveOp;
  /** Message size (nccl-tests convention); omitted for curves, where each key is a size. */
  readonly bytes?: string;
  /** 'auto' lets the model choose as NCCL would. */
  readonly algorithm: string;
  readonly metric: CollectiveMetric;
  /** CUDA-graph captured runs pay no per-call launch cost. */
  readonly cudaGraphs?: boolean;
}

export type CaseExpression =
  | { readonly runs: readonly CollectiveExpression[]; readonly curve?: Omit<CollectiveExpression, 'key' | 'bytes'> }
  | { readonly skip: string };

/** DeepEP normal-kernel benchmark: 4,096 tokens per rank x top-8 x hidden 7,168 x 1 B (FP8 dispatch). */
const DEEPEP_DISPATCH_PER_RANK = 4096 * 8 * 7168;

const h100 = { preset: 'hgx-h100', group: '0-7', op: 'allreduce' } as const;
/** All GPUs of a few 8-GPU H100 servers, as a multi-node nccl-tests run uses them. */
const fewNodes = (gpus: number) => ({ preset: 'hgx-h100', gpus, group: 'all', op: 'allreduce' }) as const;
/** The same servers on a RoCE (Ethernet) scale-out fabric instead of InfiniBand. */
const ROCE = { scaleOut: { switch: 'tomahawk5' } };
/** AWS EFA (SRD) at the same 400 Gb/s per GPU as the preset's InfiniBand (system/transports.ts). */
const EFA = { scaleOut: { transport: 'efa' } };
/**
 * TCP sockets over one 200 Gbit/s gVNIC a node (GCP a3-highgpu-8g without GPUDirect-TCPX): the node's NIC, which eight
 * GPUs share, stands as a NIC of 25 Gbit/s on each GPU, the same 200 Gbit/s a node, on an Ethernet fabric.
 */
const TCP_GVNIC = {
  parts: { nics: { 'gvnic-200g-per-8': { extends: 'cx7', rate: '25Gbps' } } },
  scaleOut: { nic: 'gvnic-200g-per-8', switch: 'tomahawk5', transport: 'tcp' },
};
/** NCCL_NVLS_ENABLE=0: NCCL stops using the switches' reduction. */
const NVLS_OFF = { scaleUp: { inSwitchReduction: false } };
const b300 = { preset: 'hgx-b200', overrides: { gpu: 'b300' }, group: '0-7', op: 'allreduce' } as const;

export const COLLECTIVE_CASES: Readonly<Record<string, CaseExpression>> = {
  'coll-8xH100-ar-nvls-maintainer': { runs: [{ ...h100, bytes: '8G', algorithm: 'in-switch', metric: 'busbw' }] },
  'coll-8xH100-ring-effective': { runs: [{ ...h100, bytes: '8G', algorithm: 'ring', metric: 'busbw' }] },
  'coll-8xH100-ar-ring-vs-nvls-scaling': {
    runs: [
      { ...h100, key: 'RING_2to8', bytes: '4G', algorithm: 'ring', metric: 'busbw' },
      { ...h100, key: 'NVLS_2to4', group: '0-3', bytes: '4G', algorithm: 'in-switch', metric: 'busbw' },
      { ...h100, key: 'NVLS_5', group: '0-4', bytes: '4G', algorithm: 'in-switch', metric: 'busbw' },
      { ...h100, key: 'NVLS_6', group: '0-5', bytes: '4G', algorithm: 'in-switch', metric: 'busbw' },
      { ...h100, key: 'NVLS_7', group: '0-6', bytes: '4G', algorithm: 'in-switch', metric: 'busbw' },
      { ...h100, key: 'NVLS_8', bytes: '4G', algorithm: 'in-switch', metric: 'busbw' },
    ],
  },
  'coll-8xH100-ar-nvls-onoff-2026': {
    runs: [
      { ...h100, key: 'off', bytes: '8G', algorithm: 'ring', metric: 'busbw' },
      { ...h100, key: 'on', bytes: '8G', algorithm: 'in-switch', metric: 'busbw' },
      { ...h100, key: 'algbw_off', bytes: '8G', algorithm: 'ring', metric: 'algbw' },
      { ...h100, key: 'algbw_on', bytes: '8G', algorithm: 'in-switch', metric: 'algbw' },
    ],
  },
  'coll-8xB300-ar-nvls-onoff-2026': {
    runs: [
      { ...b300, key: 'off', bytes: '8G', algorithm: 'ring', metric: 'busbw' },
      { ...b300, key: 'on', bytes: '8G', algorithm: 'in-switch', metric: 'busbw' },
      { ...b300, key: 'algbw_off', bytes: '8G', algorithm: 'ring', metric: 'algbw' },
      { ...b300, key: 'algbw_on', bytes: '8G', algorithm: 'in-switch', metric: 'algbw' },
    ],
  },
  'coll-8xH100-ag-nvls-vs-ring': {
    runs: [
      { ...h100, key: 'allgather_NVLS', op: 'allgather', bytes: '1G', algorithm: 'in-switch', metric: 'busbw' },
      { ...h100, key: 'allgather_RING', op: 'allgather', bytes: '1G', algorithm: 'ring', metric: 'busbw' },
      { ...h100, key: 'allreduce_NVLS', bytes: '1G', algorithm: 'in-switch', metric: 'busbw' },
    ],
  },
  'coll-AWS-p5-ar-nvls': { runs: [{ ...h100, bytes: '8G', algorithm: 'in-switch', metric: 'busbw' }] },
  'coll-8xH200-ar-nccl220': { runs: [{ ...h100, preset: 'hgx-h200', bytes: '4G', algorithm: 'auto', metric: 'busbw' }] },
  'coll-8xH800-ar': { runs: [{ ...h100, preset: 'hgx-h800', bytes: '8G', algorithm: 'auto', metric: 'busbw' }] },
  'coll-azure-NDH100v5-ar-curve': { runs: [], curve: { ...h100, algorithm: 'in-switch', metric: 'busbw' } },
  'coll-azure-NDH200v5-ar-curve': { runs: [], curve: { ...h100, preset: 'hgx-h200', algorithm: 'in-switch', metric: 'busbw' } },
  'coll-azure-NDA100v4-ar-curve': { runs: [], curve: { ...h100, preset: 'dgx-a100', algorithm: 'auto', metric: 'busbw' } },
  'coll-azure-NDGB200v6-ar-4gpu': { runs: [], curve: { ...h100, preset: 'gb200-nvl72', group: '0-3', algorithm: 'ring', metric: 'busbw' } },
  'coll-8xH200-ar-torch-nccl227': {
    runs: [{ ...h100, preset: 'hgx-h200', key: 'NVLS_disabled_peak', bytes: '16G', algorithm: 'ring', metric: 'busbw' }],
    curve: { ...h100, preset: 'hgx-h200', algorithm: 'auto', metric: 'busbw' },
  },
  'coll-8xMI300X-ar': { skip: 'MI300X nodes are a full xGMI mesh without a switch; no preset models a switchless mesh yet' },
  'a2a-deepep-v1-normal-ep8': {
    runs: [
      { preset: 'hgx-h800', group: '0-7', op: 'alltoall', key: 'dispatch', bytes: String(DEEPEP_DISPATCH_PER_RANK), algorithm: 'direct', metric: 'busbw' },
      { preset: 'hgx-h800', group: '0-7', op: 'alltoall', key: 'combine', bytes: String(2 * DEEPEP_DISPATCH_PER_RANK), algorithm: 'direct', metric: 'busbw' },
    ],
  },
  'a2a-deepep-v1-normal-ep16': deepEp(16),
  'a2a-deepep-v1-normal-ep32': deepEp(32),
  'a2a-deepep-v1-normal-ep64': deepEp(64),
  'coll-8xB200-ar': { runs: [{ ...h100, preset: 'hgx-b200', bytes: '8G', algorithm: 'auto', metric: 'busbw' }] },
  'coll-a2a-busbw-rules': { runs: [{ preset: 'hgx-h100', gpus: 64, group: '0-63:8', op: 'alltoall', bytes: '8G', algorithm: 'direct', metric: 'busbw' }] },
  'coll-nvlstree-smallmsg-latency': { runs: [{ ...h100, group: '0-1', bytes: '4K', algorithm: 'auto', metric: 'latency-us', cudaGraphs: true }] },
  'coll-h100-expectations-maintainer': {
    runs: [{ preset: 'hgx-h100', gpus: 16, group: 'all', op: 'allreduce', bytes: '8G', algorithm: 'ring', metric: 'busbw-per-nic' }],
  },
  // Held-back cases (validation/cases.json set "holdout"): nothing is fitted on them.
  'coll-gb200-nvl72-ar-72': { runs: [], curve: { preset: 'gb200-nvl72', group: '0-71', op: 'allreduce', algorithm: 'auto', metric: 'busbw' } },
  'coll-gb300-nvl72-ar-72': {
    runs: [],
    curve: { preset: 'gb300-nvl72', group: '0-71', op: 'allreduce', algorithm: 'auto', metric: 'busbw' },
  },
  'coll-2x8xH100-roce-ar-nvls-onoff': {
    runs: [
      { ...fewNodes(16), overrides: ROCE, key: 'NVLS_ENABLE=1', bytes: '8G', algorithm: 'auto', metric: 'busbw' },
      { ...fewNodes(16), overrides: { ...ROCE, ...NVLS_OFF }, key: 'NVLS_ENABLE=0', bytes: '8G', algorithm: 'auto', metric: 'busbw' },
    ],
  },
  'coll-4x8xH100-roce-ar': { runs: [{ ...fewNodes(32), overrides: ROCE, bytes: '8G', algorithm: 'auto', metric: 'busbw' }] },
  'coll-2x8xH100-ring-maintainer': { runs: [{ ...fewNodes(16), bytes: '8G', algorithm: 'ring', metric: 'busbw' }] },
  'coll-4x8xH200-efa-ar': {
    runs: [
      { ...fewNodes(32), preset: 'hgx-h200', overrides: EFA, key: 'ring', bytes: '8G', algorithm: 'ring', metric: 'busbw' },
      { ...fewNodes(32), preset: 'hgx-h200', overrides: EFA, key: 'nvlstree', bytes: '8G', algorithm: 'nvls-tree', metric: 'busbw' },
    ],
  },
  'coll-2x8xH20-ib-ar-nvlstree-latency': {
    runs: [{ ...fewNodes(16), overrides: { gpu: 'h20' }, bytes: '512', algorithm: 'nvls-tree', metric: 'latency-us' }],
  },
  'coll-2x8xH200-efa-ar-nvlstree': { runs: [{ ...fewNodes(16), preset: 'hgx-h200', overrides: EFA, bytes: '8G', algorithm: 'nvls-tree', metric: 'busbw' }] },
  'coll-4x8xB200-efa-ar-curve': { runs: [], curve: { ...fewNodes(32), preset: 'hgx-b200', overrides: EFA, algorithm: 'auto', metric: 'busbw' } },
  'coll-2x8xB200-efa-ar-peak': { runs: [{ ...fewNodes(16), preset: 'hgx-b200', overrides: EFA, bytes: '8G', algorithm: 'auto', metric: 'busbw' }] },
  'coll-2x8xH100-efa-ar-peak': { runs: [{ ...fewNodes(16), overrides: EFA, bytes: '8G', algorithm: 'auto', metric: 'busbw' }] },
  // Full nccl-tests all-reduce sweeps of 8-GPU H100 servers on NDR InfiniBand: one cluster's 2 and 4 servers in the
  // development set (latency floors to 64 KiB, bus bandwidth above), another cluster's 2, 4 and 8 servers held back.
  ...Object.fromEntries(
    [2, 4].flatMap((nodes) => [
      [`coll-${nodes}x8xH100-ib-ar-sweep-latency`, { runs: [], curve: { ...fewNodes(8 * nodes), algorithm: 'auto', metric: 'latency-us' } }],
      [`coll-${nodes}x8xH100-ib-ar-sweep`, { runs: [], curve: { ...fewNodes(8 * nodes), algorithm: 'auto', metric: 'busbw' } }],
    ]),
  ),
  ...Object.fromEntries(
    [2, 4, 8].map((nodes) => [
      `coll-${nodes}x8xH100-ib-ar-sweep-8nodecluster`,
      { runs: [], curve: { ...fewNodes(8 * nodes), algorithm: 'auto', metric: 'busbw' } },
    ]),
  ),
  // AWS p5 (H100, EFA) all-reduce sweeps on 2 to 32 nodes: the development rows of the EFA transport.
  ...Object.fromEntries(
    [2, 4, 8, 16, 32].map((nodes) => [
      `coll-aws-p5-efa-ar-${nodes}n`,
      { runs: [], curve: { ...fewNodes(8 * nodes), overrides: EFA, algorithm: 'auto', metric: 'busbw' } },
    ]),
  ),
  // The same cluster's all-gather and all-to-all sweeps, held back: the EFA constants were fitted on all-reduce only.
  ...Object.fromEntries(
    [2, 4, 8, 16, 32].flatMap((nodes) => [
      [`coll-aws-p5-efa-ag-${nodes}n`, { runs: [], curve: { ...fewNodes(8 * nodes), op: 'allgather', overrides: EFA, algorithm: 'auto', metric: 'busbw' } }],
      [`coll-aws-p5-efa-a2a-${nodes}n`, { runs: [], curve: { ...fewNodes(8 * nodes), op: 'alltoall', overrides: EFA, algorithm: 'auto', metric: 'busbw' } }],
    ]),
  ),
  // NCCL's TCP sockets on two GCP H100 nodes: the development sweep of the tcp transport; a second cluster's three-node
  // ring and tree sweeps and peaks held back.
  'coll-2x8xH100-tcp-ar-curve': { runs: [], curve: { ...fewNodes(16), overrides: TCP_GVNIC, algorithm: 'auto', metric: 'busbw' } },
  'coll-2x8xH100-tcp-ar-time': { runs: [], curve: { ...fewNodes(16), overrides: TCP_GVNIC, algorithm: 'auto', metric: 'latency-us' } },
  'coll-3x8xH100-tcp-ar-ringtree': {
    runs: [
      ...(['ring', 'tree'] as const).flatMap((algorithm) =>
        (['512KiB', '4MiB', '128MiB', '1GiB'] as const).map((size) => ({
          ...fewNodes(24),
          overrides: TCP_GVNIC,
          key: `${algorithm}_${size}`,
          bytes: size.replace('iB', ''),
          algorithm,
          metric: 'busbw' as const,
        })),
      ),
      { ...fewNodes(16), overrides: TCP_GVNIC, key: 'peak_2n_1GiB', bytes: '1G', algorithm: 'auto', metric: 'busbw' },
      { ...fewNodes(24), overrides: TCP_GVNIC, key: 'peak_3n_1GiB', bytes: '1G', algorithm: 'auto', metric: 'busbw' },
    ],
  },
  'coll-mooncake-transfer-engine': {
    skip: 'a multi-NIC point-to-point transfer engine, not a collective; it joins the KV-transfer model with the inference capability',
  },
};

/**
 * DeepEP normal kernels across nodes: EP ranks on EP/8 H800 servers, 4,096 tokens of hidden 7,168 per rank,
 * top-8 experts; dispatch in FP8 (1 B), combine in BF16 (2 B): a per-rank all-to-all buffer of 4096 x 8 x 7168 B
 * = 235 MB to dispatch, twice that to combine (nccl-tests' alltoall size is the per-rank buffer). The published figure is the RDMA bandwidth per GPU, compared with the model's
 * scale-out bytes per GPU over the run time.
 */
function deepEp(ep: number): CaseExpression {
  const base = { preset: 'hgx-h800', gpus: ep, group: 'all', op: 'alltoall', algorithm: 'direct', metric: 'scaleout-bw' } as const;
  return {
    runs: [
      { ...base, key: 'dispatch', bytes: String(DEEPEP_DISPATCH_PER_RANK) },
      { ...base, key: 'combine', bytes: String(2 * DEEPEP_DISPATCH_PER_RANK) },
    ],
  };
}
