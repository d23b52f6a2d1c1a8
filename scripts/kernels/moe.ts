/** The grouped expert GEMM mechanism of the calibration script: moe_perf rows (one GPU's share of a wide-EP MoE layer) against the serving model's routed-expert ops. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EfficiencyCurve } from '../../packages/core/src/compute/efficiency.js';
import type { FormatId } from '../../packages/core/src/compute/formats.js';
import { GROUPED_GEMM_EFFICIENCY, groupedEfficiencyAt, MOE_FIXED_S, MOE_PER_EXPERT_S, moeFixedS } from '../../packages/core/src/compute/grouped-gemm.js';
import { opsTime } from '../../packages/core/src/compute/roofline.js';
import { computeUnitsOf, GEMM_K_HALF_BY_PRECISION, kernelSaturation } from '../../packages/core/src/compute/saturation.js';
import type { GroupedLayout } from '../../packages/core/src/compute/types.js';
import { generationOf } from '../../packages/core/src/hardware/generations.js';
import { gpus } from '../../packages/core/src/hardware/gpus.js';
import { kernelGpuId } from '../../packages/core/src/hardware/types.js';
import { models } from '../../packages/core/src/models/registry.js';
import type { TransformerModel } from '../../packages/core/src/models/types.js';
import { expertSideOps } from '../../packages/core/src/serving/layer-ops.js';
import type { ReplicaShape } from '../../packages/core/src/serving/step-cost.js';
import { inTraining } from '../../packages/core/src/training/calibration.js';
import { deepGemmTflops } from '../../packages/core/src/validation/run-kernel.js';
import type { PublishedCase } from '../../packages/core/src/validation/types.js';
import { asServed } from './gemm.js';
import { type Comparison, median } from './report.js';
import { type Row, readTable, TABLE_GPUS } from './tables.js';

/** Tokens each expert receives on average in a balanced row: num_tokens x topk / num_experts. */
export const tokensPerExpert = (r: Row) => (Number(r.num_tokens) * Number(r.topk)) / Number(r.num_experts);

export const tpeBucket = (t: number) => (t < 1 ? 'tpe < 1' : t <= 8 ? 'tpe 1-8' : t <= 64 ? 'tpe 9-64' : t <= 256 ? 'tpe 65-256' : 'tpe > 256');

/** A DeepSeek-V3-shaped model with the row's expert dimensions: the serving model reads only these fields for its expert ops. */
export function rowModel(r: Row): TransformerModel {
  const base = models.get('deepseek-v3');
  if (base.family !== 'moe') throw new Error('deepseek-v3 is not an MoE model');
  return {
    ...base,
    hidden: Number(r.hidden_size),
    moe: { ...base.moe, experts: Number(r.num_experts), expertsPerToken: Number(r.topk), expertFfn: Number(r.inter_size), sharedExperts: 0 },
  };
}

/**
 * The rows the mechanism is held against: block-scaled FP8, balanced routing, experts spread by EP alone (moe_tp_size 1)
 * or split by TP alone (moe_ep_size 1, every expert's width over moe_tp_size GPUs): the two layouts a replica expresses.
 */
export const fittedRow = (r: Row) =>
  r.moe_dtype === 'fp8_block' &&
  r.distribution === 'balanced' &&
  ((Number(r.moe_tp_size) === 1 && Number(r.moe_ep_size) > 1) || (Number(r.moe_ep_size) === 1 && Number(r.moe_tp_size) > 1));

/** The expert side of one row as serving prices a decode step: its ops on a curve, plus the layer's fixed cost where given. */
/** The replica a row's experts sit in: EP alone, TP alone, or experts EP x TP inside one attention group (serve --moe-tp). */
export function rowShape(r: Row, precision: FormatId): ReplicaShape {
  const ep = Number(r.moe_ep_size);
  const tp = Number(r.moe_tp_size);
  if (ep > 1 && tp > 1) return { tp: ep * tp, dpAttention: 1, ep, expertTp: tp, precision, kvBytesPerElement: 1 };
  if (ep > 1) return { tp: 1, dpAttention: ep, ep, precision, kvBytesPerElement: 1 };
  return { tp, dpAttention: 1, ep: 1, precision, kvBytesPerElement: 1 };
}

/** Experts one GPU of a row holds: num_experts over moe_ep_size (every expert, in a slice, when split by TP alone). */
export const localExperts = (r: Row) => Math.ceil(Number(r.num_experts) / Number(r.moe_ep_size));

export function predictMoe(
  r: Row,
  gpuId: string,
  curve: EfficiencyCurve = inTraining,
  fixedS: number = moeFixedS(gpuId, localExperts(r)),
  layout?: GroupedLayout,
): number {
  const ops = expertSideOps(rowModel(r), rowShape(r, 'fp8'), Number(r.num_tokens), layout ?? 'fused');
  return (
    fixedS +
    opsTime(
      layout === undefined ? ops.map(({ shape: s, ...op }) => (s ? { ...op, shape: { m: s.m, n: s.n, k: s.k, batch: s.batch } } : op)) : ops,
      gpus.get(gpuId),
      'fp8',
      curve,
    )
  );
}

/**
 * The curve serving prices with, its fused-module GEMMs at `peak` x the worse of the kernel's saturation and f / (f +
 * `fHalf`) (groupedSaturation) in place of the coded constants.
 */
const withGroupedEfficiency = (peak: number, fHalf: number): EfficiencyCurve => ({
  ...inTraining,
  gemm: (s, g, p) => {
    if (s.layout !== 'fused') return inTraining.gemm(s, g, p);
    const bare = inTraining.gemm({ ...s, layout: undefined }, g, p);
    const sat = kernelSaturation(s, computeUnitsOf(kernelGpuId(g)), GEMM_K_HALF_BY_PRECISION[p]);
    return (bare / sat) * peak * Math.min(sat, groupedEfficiencyAt(1, fHalf, s));
  },
});

interface Fitted {
  readonly row: Row;
  readonly gpuId: string;
  readonly measuredS: number;
}

const absLog = (v: number) => Math.abs(Math.log(v));

/**
 * Per generation, alternately (three rounds, from the coded constants): MOE_FIXED_S, the median of measured minus the
 * model's ops (floors included) over EP rows with under half a token per expert; GROUPED_GEMM_EFFICIENCY's peak for each
 * candidate width half-point, the value whose median log error over rows with more than 64 tokens per expert is zero
 * (bisection); the half-point whose median |log error| there is least.
 */
export function fitMoe(rows: readonly Fitted[]): string[] {
  const lines: string[] = [];
  for (const generation of ['hopper', 'blackwell'] as const) {
    const of = rows.filter((f) => generationOf(f.gpuId) === generation);
    const light = of.filter((f) => tokensPerExpert(f.row) < 0.5);
    const heavy = of.filter((f) => tokensPerExpert(f.row) > 64);
    let fixed = MOE_FIXED_S[generation];
    let perExpert = MOE_PER_EXPERT_S[generation];
    const fixedOf = (f: Fitted) => fixed + perExpert * localExperts(f.row);
    const coded = GROUPED_GEMM_EFFICIENCY['fused-moe'][generation];
    let best = { peak: coded.peak, fHalf: coded.widthHalf, spread: Number.POSITIVE_INFINITY };
    for (let round = 0; round < 3; round++) {
      const curve = withGroupedEfficiency(best.peak, best.fHalf);
      // The fixed part: for each per-expert cost on a grid (0 to 1 us), the intercept that is the median residual; the pair
      // of least median |log error| over the light rows.
      const residual = light.map((f) => ({ f, rest: f.measuredS - predictMoe(f.row, f.gpuId, curve, 0, 'fused') }));
      let bestLight = Number.POSITIVE_INFINITY;
      for (let step = 0; step <= 100; step++) {
        const b = step * 1e-8;
        const a = median(residual.map(({ f, rest }) => rest - b * localExperts(f.row)));
        const score = median(residual.map(({ f, rest }) => absLog((f.measuredS - rest + a + b * localExperts(f.row)) / f.measuredS)));
        if (score < bestLight) [bestLight, fixed, perExpert] = [score, a, b];
      }
      best = { ...best, spread: Number.POSITIVE_INFINITY };
      for (const fHalf of [0, 64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096]) {
        const errors = (peak: number) => heavy.map((f) => predictMoe(f.row, f.gpuId, withGroupedEfficiency(peak, fHalf), fixedOf(f), 'fused') / f.measuredS);
        let [lo, hi] = [0.05, 3];
        for (let i = 0; i < 30; i++) {
          const mid = (lo + hi) / 2;
          if (median(errors(mid).map(Math.log)) > 0) lo = mid;
          else hi = mid;
        }
        const spread = median(errors((lo + hi) / 2).map(absLog));
        if (spread < best.spread) best = { peak: (lo + hi) / 2, fHalf, spread };
      }
    }
    lines.push(
      `${generation}: MOE_FIXED_S ${(fixed * 1e6).toFixed(1)} us and MOE_PER_EXPERT_S ${(perExpert * 1e6).toFixed(2)} us (least median |log error| over ${light.length} rows with < 0.5 tokens per expert); ` +
        `GROUPED_GEMM_EFFICIENCY peak ${best.peak.toFixed(3)}, width half-point ${best.fHalf} (median log error 0, median |log error| ${best.spread.toFixed(3)}, over ${heavy.length} rows with > 64 tokens per expert)`,
    );
  }
  return lines;
}

export async function moeComparisons(): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const comparisons: Comparison[] = [];
  const fitted: Fitted[] = [];
  const before = asServed('mamf-saturating');
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    for (const row of await readTable(folder, 'moe')) {
      if (!fittedRow(row)) continue;
      const measuredS = Number(row.latency) * 1e-3;
      fitted.push({ row, gpuId, measuredS });
      const split = Number(row.moe_tp_size) > 1 ? 'TP' : 'EP';
      const bucket = `${split}, ${tpeBucket(tokensPerExpert(row))}, f ${Number(row.inter_size) <= 1024 ? '<= 1024' : '> 1024'}`;
      comparisons.push({
        gpu: folder,
        bucket,
        measuredS,
        beforeS: predictMoe(row, gpuId, before, 0),
        afterS: predictMoe(row, gpuId, inTraining, moeFixedS(gpuId, localExperts(row)), 'fused'),
      });
    }
  }
  // Experts EP x TP at once: never fitted, a check of the two layouts' mechanisms together.
  const mixed: number[] = [];
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    for (const row of await readTable(folder, 'moe')) {
      const mixedRow = row.moe_dtype === 'fp8_block' && row.distribution === 'balanced' && Number(row.moe_tp_size) > 1 && Number(row.moe_ep_size) > 1;
      if (!mixedRow) continue;
      const measuredS = Number(row.latency) * 1e-3;
      const afterS = predictMoe(row, gpuId, inTraining, moeFixedS(gpuId, localExperts(row)), 'fused');
      mixed.push(Math.abs(Math.log(afterS / measuredS)));
      comparisons.push({
        gpu: folder,
        bucket: `EP x TP (held out), ${tpeBucket(tokensPerExpert(row))}`,
        measuredS,
        beforeS: predictMoe(row, gpuId, before, 0),
        afterS,
      });
    }
  }
  const check = `EP x TP rows (never fitted): median |log error| ${median(mixed).toFixed(3)} over ${mixed.length} rows`;
  return { comparisons: comparisons.sort((a, b) => (a.gpu + a.bucket < b.gpu + b.bucket ? -1 : 1)), fit: [...fitMoe(fitted), check] };
}

/**
 * The deepgemm family's efficiency: for each grid width half-point, the peak whose median log error over DeepGEMM's dev
 * grouped rates (validation/cases.json kernel-deepgemm-*) is zero; the half-point with the least median |log error|.
 */
export function fitDeepGemm(): { comparisons: Comparison[]; fit: string[] } {
  const all = (JSON.parse(readFileSync(join('validation', 'cases.json'), 'utf8')) as PublishedCase[]).filter(
    (c) => c.conditions.mechanism === 'deepgemm-grouped',
  );
  const dev = all.filter((c) => c.set !== 'holdout');
  const coded = GROUPED_GEMM_EFFICIENCY.deepgemm.hopper;
  const rate = (c: PublishedCase, peak: number, half: number) => {
    const op = {
      m: Number(c.conditions.m_per_group),
      n: Number(c.conditions.n),
      k: Number(c.conditions.k),
      batch: Number(c.conditions.groups),
      layout: c.conditions.layout as GroupedLayout,
    };
    return (deepGemmTflops(c.conditions) * groupedEfficiencyAt(peak, half, op)) / groupedEfficiencyAt(coded.peak, coded.widthHalf, op);
  };
  let best = { peak: coded.peak, half: coded.widthHalf, spread: Number.POSITIVE_INFINITY };
  for (const half of [0, 256, 512, 1024, 2048, 4096]) {
    const errors = (peak: number) => dev.map((c) => Math.log(rate(c, peak, half) / Number(c.value)));
    let [lo, hi] = [0.2, 3];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (median(errors(mid)) < 0) lo = mid;
      else hi = mid;
    }
    const spread = median(errors((lo + hi) / 2).map(Math.abs));
    if (spread < best.spread) best = { peak: (lo + hi) / 2, half, spread };
  }
  // Rates as times for the error table: a GEMM's time is its FLOPs over its rate, so the ratios carry over inverted.
  const comparisons = all.map((c) => ({
    gpu: 'h800 (DeepGEMM README)',
    bucket: `${String(c.conditions.layout)}${c.set === 'holdout' ? ' (held out)' : ''}`,
    measuredS: 1 / Number(c.value),
    beforeS: 1 / rate(c, 1, 0),
    afterS: 1 / deepGemmTflops(c.conditions),
  }));
  const fit = `deepgemm (Hopper): peak ${best.peak.toFixed(3)}, width half-point ${best.half} (median log error 0, median |log error| ${best.spread.toFixed(3)} over ${dev.length} dev cases; coded ${coded.peak}, ${coded.widthHalf})`;
  return { comparisons, fit: [fit] };
}
