/** The communication mechanisms of the calibration script: NCCL rows inside one node against the collective model, custom all-reduce rows against NCCL's model and the fitted custom kernel, and DeepEP dispatch and combine rows and published figures against the DeepEP kernel model. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NVLINK_LATENCY_SCALE } from '../../packages/core/src/comm/calibration.js';
import { generationOf } from '../../packages/core/src/hardware/generations.js';
import { CUSTOM_ALL_REDUCE, customAllReduceS } from '../../packages/core/src/serving/custom-all-reduce.js';
import {
  copyBytes,
  DEEPEP_COSTS,
  type DeepEpCosts,
  deepEpS,
  type EpDirection,
  type EpTraffic,
  targetGpusPerToken,
} from '../../packages/core/src/serving/deepep.js';
import { deepEpFigure } from '../../packages/core/src/validation/run-kernel.js';
import type { PublishedCase } from '../../packages/core/src/validation/types.js';
import { type Comparison, median } from './report.js';
import { ncclAllReduceS, ncclAllToAllPerRankS, ncclS, TABLE_NODE_GPUS, tableLinks } from './systems.js';
import { type Row, readTable, TABLE_GPUS } from './tables.js';

const sizeBucket = (bytes: number) => (bytes <= 16 << 10 ? '<= 16 KiB' : bytes <= 1 << 20 ? '16 KiB-1 MiB' : bytes <= 8 << 20 ? '1-8 MiB' : '> 8 MiB');

/** Custom all-reduce rows (BF16, message_size in elements): NCCL's model before, min(custom, NCCL) after, as serving prices TP all-reduces. */
export async function allReduceComparisons(): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const comparisons: Comparison[] = [];
  const fit: string[] = [];
  const byKey = new Map<string, { bytes: number; s: number }[]>();
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    for (const r of await readTable(folder, 'customAllReduce')) {
      const gpus = Number(r.num_gpus);
      const bytes = 2 * Number(r.message_size);
      const measuredS = Number(r.latency) * 1e-3;
      const key = `${generationOf(gpuId)}|${gpus}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { bytes, s: measuredS }]);
      const before = ncclAllReduceS(folder, gpus, bytes);
      if (before === undefined) continue;
      const after = Math.min(before, customAllReduceS(gpus, bytes, gpuId) ?? Number.POSITIVE_INFINITY);
      comparisons.push({ gpu: folder, bucket: `${gpus} GPUs, ${sizeBucket(bytes)}`, measuredS, beforeS: before, afterS: after });
    }
  }
  for (const [key, rows] of [...byKey.entries()].sort()) {
    const [generation, size] = key.split('|');
    const n = Number(size);
    const oneShot = median(rows.filter((r) => r.bytes <= 16 << 10).map((r) => r.s));
    const bandwidth = median(rows.filter((r) => r.bytes >= 64 << 10 && r.bytes <= 512 << 10).map((r) => ((n - 1) * r.bytes) / (r.s - oneShot)));
    const twoShot = Math.max(
      oneShot,
      median(rows.filter((r) => r.bytes >= 4 << 20 && r.bytes <= 16 << 20).map((r) => r.s - (2 * (n - 1) * r.bytes) / n / bandwidth)),
    );
    const coded = CUSTOM_ALL_REDUCE[generation as 'hopper'][n as 2];
    fit.push(
      `${generation} ${n} GPUs (${rows.length} rows): one-shot latency ${(oneShot * 1e6).toFixed(2)} us, two-shot latency ${(twoShot * 1e6).toFixed(2)} us, ` +
        `peer reads ${(bandwidth / 1e9).toFixed(1)} GB/s (coded ${(coded.oneShotLatencyS * 1e6).toFixed(2)}, ${(coded.twoShotLatencyS * 1e6).toFixed(2)} us, ${(coded.bytesPerS / 1e9).toFixed(1)} GB/s)`,
    );
  }
  return { comparisons: comparisons.sort((a, b) => (a.gpu + a.bucket < b.gpu + b.bucket ? -1 : 1)), fit };
}

/** A sglang DeepEP table row as EP traffic: one node of TABLE_NODE_GPUS GPUs, every GPU sending num_token tokens, FP8 dispatch (its times are half the BF16 combine's). */
function tableTraffic(r: Row, folder: string): EpTraffic {
  const ep = TABLE_NODE_GPUS[folder] ?? 8;
  return {
    tokens: Number(r.num_token),
    hidden: Number(r.hidden_size),
    topK: Number(r.num_topk),
    experts: Number(r.num_experts),
    ep,
    gpusPerDomain: ep,
    remoteNodesPerToken: 0,
    fp8Dispatch: true,
  };
}

const tokenBucket = (t: number) => (t <= 16 ? 'tokens <= 16' : t <= 256 ? 'tokens 17-256' : t <= 4096 ? 'tokens 257-4096' : 'tokens > 4096');

interface EpRow {
  readonly folder: string;
  readonly mode: 'low-latency' | 'normal';
  readonly direction: EpDirection;
  readonly traffic: EpTraffic;
  readonly sms: number;
  readonly measuredS: number;
}

async function deepEpRows(): Promise<EpRow[]> {
  const rows: EpRow[] = [];
  for (const folder of Object.keys(TABLE_GPUS)) {
    for (const r of await readTable(folder, 'deepepLowLatency')) {
      const traffic = tableTraffic(r, folder);
      if (traffic.experts % traffic.ep !== 0) continue;
      rows.push({ folder, mode: 'low-latency', direction: 'dispatch', traffic, sms: 0, measuredS: Number(r.dispatch_avg_t_us) * 1e-6 });
      rows.push({ folder, mode: 'low-latency', direction: 'combine', traffic, sms: 0, measuredS: Number(r.combine_avg_t_us) * 1e-6 });
    }
    for (const r of await readTable(folder, 'deepepNormal')) {
      const traffic = tableTraffic(r, folder);
      if (traffic.experts % traffic.ep !== 0) continue;
      const dispatchS = (Number(r.dispatch_transmit_us) + Number(r.dispatch_notify_us)) * 1e-6;
      const combineS = (Number(r.combine_transmit_us) + Number(r.combine_notify_us)) * 1e-6;
      rows.push({ folder, mode: 'normal', direction: 'dispatch', traffic, sms: Number(r.dispatch_sms), measuredS: dispatchS });
      rows.push({ folder, mode: 'normal', direction: 'combine', traffic, sms: Number(r.combine_sms), measuredS: combineS });
    }
  }
  return rows;
}

/** Before: NCCL's all-to-all model as serving priced EP (k copies a token, closed form); after: DeepEP's kernels. */
function ncclAllToAllS(row: EpRow): number | undefined {
  const { traffic } = row;
  const perRank = traffic.tokens * traffic.topK * copyBytes(traffic, row.direction);
  return ncclAllToAllPerRankS(row.folder, traffic.ep, perRank);
}

const NO_COST: DeepEpCosts = DEEPEP_COSTS;

/**
 * Per generation, from the one-node tables: each family's fixed latency per direction, the median over rows of at most
 * 2 tokens; the low-latency NVLink share, the median of payload / ((time - fixed) x link) over rows of 256 tokens or
 * more; the normal kernels' bytes per SM, the same over rows of 4,096 tokens or more on at most 8 SMs, divided by the
 * SMs; their NVLink share, the same on 24 SMs divided by the link.
 */
function fitDeepEp(rows: readonly EpRow[]): string[] {
  const lines: string[] = [];
  const gens = ['hopper', 'blackwell'] as const;
  for (const generation of gens) {
    const of = rows.filter((r) => generationOf(TABLE_GPUS[r.folder] ?? '') === generation && r.folder !== 'gb200');
    const fixed = (mode: string, direction: string) =>
      median(of.filter((r) => r.mode === mode && r.direction === direction && r.traffic.tokens <= 2).map((r) => r.measuredS));
    const ll = { dispatch: fixed('low-latency', 'dispatch'), combine: fixed('low-latency', 'combine') };
    const nm = { dispatch: fixed('normal', 'dispatch'), combine: fixed('normal', 'combine') };
    const link = (r: EpRow) => tableLinks(r.folder).scaleUpBytesPerS;
    const llBytes = (r: EpRow) => r.traffic.tokens * r.traffic.topK * copyBytes(r.traffic, r.direction);
    const nvBytes = (r: EpRow) =>
      r.traffic.tokens * targetGpusPerToken(r.traffic.experts, r.traffic.topK, r.traffic.ep) * (1 - 1 / r.traffic.ep) * copyBytes(r.traffic, r.direction);
    const llShare = median(
      of.filter((r) => r.mode === 'low-latency' && r.traffic.tokens >= 256).map((r) => llBytes(r) / ((r.measuredS - ll[r.direction]) * link(r))),
    );
    const heavy = of.filter((r) => r.mode === 'normal' && r.traffic.tokens >= 4096);
    const perSm = median(heavy.filter((r) => r.sms <= 8).map((r) => nvBytes(r) / ((r.measuredS - nm[r.direction]) * r.sms)));
    const nvShare = median(heavy.filter((r) => r.sms === 24).map((r) => nvBytes(r) / ((r.measuredS - nm[r.direction]) * link(r))));
    lines.push(
      `${generation} low-latency: fixed dispatch ${(ll.dispatch * 1e6).toFixed(1)} us, combine ${(ll.combine * 1e6).toFixed(1)} us, NVLink share ${llShare.toFixed(3)}; ` +
        `normal: fixed dispatch ${(nm.dispatch * 1e6).toFixed(1)} us, combine ${(nm.combine * 1e6).toFixed(1)} us, ${(perSm / 1e9).toFixed(1)} GB/s per SM, NVLink share ${nvShare.toFixed(3)}`,
    );
  }
  return lines;
}

export async function deepEpComparisons(): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const rows = await deepEpRows();
  const comparisons: Comparison[] = [];
  for (const r of rows) {
    const before = ncclAllToAllS(r);
    if (before === undefined) continue;
    const links = tableLinks(r.folder);
    comparisons.push({
      gpu: r.folder,
      bucket: `${r.mode} ${r.direction} ${tokenBucket(r.traffic.tokens)}`,
      measuredS: r.measuredS,
      beforeS: before,
      afterS: deepEpS(r.mode, r.direction, r.traffic, links, r.sms, NO_COST),
    });
  }
  return { comparisons: comparisons.sort((a, b) => (a.gpu + a.bucket < b.gpu + b.bucket ? -1 : 1)), fit: [...fitDeepEp(rows), ...fitRdmaShares()] };
}

/** The dev kernel cases of DeepEP's published internode figures (validation/cases.json), the RDMA shares' fit set. */
function publishedDeepEpCases(): PublishedCase[] {
  const cases = JSON.parse(readFileSync(join('validation', 'cases.json'), 'utf8')) as PublishedCase[];
  return cases.filter(
    (c) => c.kind === 'kernel' && String(c.conditions.mechanism).startsWith('deepep') && c.conditions.preset === 'hgx-h800' && c.set !== 'holdout',
  );
}

/** Each family's RDMA share: the value whose median log error over its dev cases is zero (bisection; a larger share is faster). */
export function fitRdmaShares(): string[] {
  const lines: string[] = [];
  const cases = publishedDeepEpCases();
  for (const mode of ['lowLatency', 'normal'] as const) {
    const of = cases.filter((c) => (c.conditions.mechanism === 'deepep-normal') === (mode === 'normal') && Number(c.conditions.ep) > 8);
    const costs = (share: number): DeepEpCosts => ({ ...DEEPEP_COSTS, [mode]: { ...DEEPEP_COSTS[mode], rdmaShare: share } });
    // Latency falls and bandwidth rises with the share: log(predicted / published) is monotone either way.
    const sign = (c: PublishedCase) => (c.metric.endsWith('_latency') ? 1 : -1);
    const error = (share: number) => median(of.map((c) => sign(c) * Math.log(deepEpFigure(c, costs(share)) / Number(c.value))));
    let [lo, hi] = [0.2, 2];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (error(mid) > 0) lo = mid;
      else hi = mid;
    }
    lines.push(
      `${mode} RDMA share of the NIC: ${((lo + hi) / 2).toFixed(3)} (median log error 0 over ${of.length} dev cases: ${of.map((c) => c.id).join(', ')}; coded ${DEEPEP_COSTS[mode].rdmaShare})`,
    );
  }
  return lines;
}

const NCCL_OPS = { all_reduce: 'allreduce', all_gather: 'allgather', reduce_scatter: 'reducescatter', alltoall: 'alltoall' } as const;

/**
 * NCCL rows (nccl_perf, half precision; message_size in elements, so bytes are twice it) against the collective model
 * as serving and training call it inside one node (CUDA graphs, no launch; the algorithm and protocol NCCL's tuner
 * would pick), before and after alike: a check of the model as it stands, with nothing fitted on it yet. The small-message rows show each platform's latency floor: Blackwell's sits above Hopper's (10-11 us against 6 us
 * for a 2-GPU all-reduce), which the protocol latencies, NCCL 2.19-2.21's, do not yet separate by generation.
 */
export async function ncclComparisons(): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const comparisons: Comparison[] = [];
  const floors = new Map<string, number[]>();
  for (const folder of Object.keys(TABLE_GPUS)) {
    for (const r of await readTable(folder, 'nccl')) {
      const op = NCCL_OPS[String(r.op_name) as keyof typeof NCCL_OPS];
      if (!op || r.nccl_dtype !== 'half') continue;
      const gpus = Number(r.num_gpus);
      const bytes = 2 * Number(r.message_size);
      const measuredS = Number(r.latency) * 1e-3;
      const afterS = ncclS(folder, op, gpus, bytes);
      if (afterS === undefined) continue;
      comparisons.push({ gpu: folder, bucket: `${op} ${gpus} GPUs, ${sizeBucket(bytes)}`, measuredS, beforeS: afterS, afterS });
      if (bytes <= 16 << 10) floors.set(`${folder} ${op}`, [...(floors.get(`${folder} ${op}`) ?? []), (measuredS - afterS) * 1e6]);
    }
  }
  const fit = [...floors.entries()].map(
    ([key, residuals]) => `${key}: measured - model at <= 16 KiB (${residuals.length} rows): median ${median(residuals).toFixed(2)} us`,
  );
  return { comparisons: comparisons.sort((a, b) => (a.gpu + a.bucket < b.gpu + b.bucket ? -1 : 1)), fit: [...fit, ...(await fitNvlinkLatencyScale())] };
}

/**
 * NVLINK_LATENCY_SCALE per GPU generation: on the rows of at most 16 KiB, the scale of NCCL's NVLink latencies (steps of
 * 0.05 from 0.5 to 2) of least median |log error|, with the median |error| at 1 (NCCL's table) and at the fit.
 */
async function fitNvlinkLatencyScale(): Promise<string[]> {
  const rows: { generation: 'hopper' | 'blackwell'; folder: string; op: (typeof NCCL_OPS)[keyof typeof NCCL_OPS]; gpus: number; bytes: number; s: number }[] =
    [];
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    for (const r of await readTable(folder, 'nccl')) {
      const op = NCCL_OPS[String(r.op_name) as keyof typeof NCCL_OPS];
      const bytes = 2 * Number(r.message_size);
      if (!op || r.nccl_dtype !== 'half' || bytes > 16 << 10) continue;
      rows.push({ generation: generationOf(gpuId), folder, op, gpus: Number(r.num_gpus), bytes, s: Number(r.latency) * 1e-3 });
    }
  }
  const out: string[] = [];
  for (const generation of ['hopper', 'blackwell'] as const) {
    const of = rows.filter((r) => r.generation === generation);
    // The system's latencyScale multiplies the coded scale: scale / coded makes `scale` the effective one.
    const errorsAt = (scale: number) =>
      of.flatMap((r) => {
        const model = ncclS(r.folder, r.op, r.gpus, r.bytes, scale / NVLINK_LATENCY_SCALE[generation]);
        return model === undefined ? [] : [Math.log(model / r.s)];
      });
    const medianAbs = (scale: number) => median(errorsAt(scale).map(Math.abs));
    const atTable = medianAbs(1);
    let best = { scale: 1, error: atTable };
    for (let step = 10; step <= 40; step++) {
      const scale = step / 20;
      const error = medianAbs(scale);
      if (error < best.error) best = { scale, error };
    }
    const pct = (x: number) => `${((Math.exp(x) - 1) * 100).toFixed(1)}%`;
    out.push(
      `${generation} NVLink latency scale: ${best.scale} (coded ${NVLINK_LATENCY_SCALE[generation]}), ${errorsAt(1).length} rows <= 16 KiB, ` +
        `median |error| at 1 ${pct(atTable)}, at ${best.scale} ${pct(best.error)}`,
    );
  }
  return out;
}
