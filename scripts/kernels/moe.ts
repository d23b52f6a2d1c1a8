/** The grouped expert GEMM mechanism of the calibration script: moe_perf rows (one GPU's share of a wide-EP MoE layer) against the serving model's routed-expert ops. */

import type { EfficiencyCurve } from '../../packages/core/src/compute/efficiency.js';
import { GROUPED_GEMM_EFFICIENCY, groupedEfficiencyAt, groupedGemmEfficiency, MOE_FIXED_S, moeFixedS } from '../../packages/core/src/compute/grouped-gemm.js';
import { generationOf } from '../../packages/core/src/compute/kernel-floors.js';
import { opsTime } from '../../packages/core/src/compute/roofline.js';
import type { GroupedLayout } from '../../packages/core/src/compute/types.js';
import { gpus } from '../../packages/core/src/hardware/gpus.js';
import { models } from '../../packages/core/src/models/registry.js';
import type { TransformerModel } from '../../packages/core/src/models/types.js';
import { expertSideOps, type ReplicaShape } from '../../packages/core/src/serving/step-cost.js';
import { inTraining } from '../../packages/core/src/training/calibration.js';
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

/** The rows the mechanism is held against: block-scaled FP8, experts spread by EP alone (moe_tp_size 1), balanced routing. */
export const fittedRow = (r: Row) => r.moe_dtype === 'fp8_block' && Number(r.moe_tp_size) === 1 && r.distribution === 'balanced' && Number(r.moe_ep_size) > 1;

/** The expert side of one row as serving prices a decode step: its ops on a curve, plus the layer's fixed cost where given. */
export function predictMoe(r: Row, gpuId: string, curve: EfficiencyCurve = inTraining, fixedS: number = moeFixedS(gpuId), layout?: GroupedLayout): number {
  const ep = Number(r.moe_ep_size);
  const shape: ReplicaShape = { tp: 1, dpAttention: ep, ep, precision: 'fp8', kvBytesPerElement: 1 };
  const ops = expertSideOps(rowModel(r), shape, Number(r.num_tokens), layout ?? 'masked');
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

/** The curve serving prices with, its grouped GEMMs at `peak` x f / (f + `fHalf`) of the dense rate in place of the coded efficiency. */
const withGroupedEfficiency = (peak: number, fHalf: number): EfficiencyCurve => ({
  ...inTraining,
  gemm: (s, g, p) => (s.layout ? (inTraining.gemm(s, g, p) * groupedEfficiencyAt(peak, fHalf, s)) / groupedGemmEfficiency(s, g.id) : inTraining.gemm(s, g, p)),
});

interface Fitted {
  readonly row: Row;
  readonly gpuId: string;
  readonly measuredS: number;
}

const absLog = (v: number) => Math.abs(Math.log(v));

/**
 * Per generation, alternately (three rounds, from the coded constants): MOE_FIXED_S, the median of measured minus the
 * model's ops (floors included) over rows with under half a token per expert; GROUPED_GEMM_EFFICIENCY's peak for each
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
    let best = { peak: GROUPED_GEMM_EFFICIENCY[generation].peak, fHalf: GROUPED_GEMM_EFFICIENCY[generation].widthHalf, spread: Number.POSITIVE_INFINITY };
    for (let round = 0; round < 3; round++) {
      const curve = withGroupedEfficiency(best.peak, best.fHalf);
      fixed = median(light.map((f) => f.measuredS - predictMoe(f.row, f.gpuId, curve, 0, 'masked')));
      best = { ...best, spread: Number.POSITIVE_INFINITY };
      for (const fHalf of [0, 128, 256, 384, 512, 768, 1024, 1536, 2048]) {
        const errors = (peak: number) => heavy.map((f) => predictMoe(f.row, f.gpuId, withGroupedEfficiency(peak, fHalf), fixed, 'masked') / f.measuredS);
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
      `${generation}: MOE_FIXED_S ${(fixed * 1e6).toFixed(1)} us (median of measured - model ops over ${light.length} rows with < 0.5 tokens per expert); ` +
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
      const bucket = `${tpeBucket(tokensPerExpert(row))}, f ${Number(row.inter_size) <= 1024 ? '<= 1024' : '> 1024'}`;
      comparisons.push({
        gpu: folder,
        bucket,
        measuredS,
        beforeS: predictMoe(row, gpuId, before, 0),
        afterS: predictMoe(row, gpuId, inTraining, moeFixedS(gpuId), 'masked'),
      });
    }
  }
  return { comparisons: comparisons.sort((a, b) => (a.gpu + a.bucket < b.gpu + b.bucket ? -1 : 1)), fit: fitMoe(fitted) };
}
