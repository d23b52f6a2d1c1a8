/** The min-latency MoE backend of the calibration script: moe_perf's TRTLLM-gen rows (NVFP4) against compute/min-latency-moe.ts, its three constants refitted, and the CUTLASS module's pricing beside it. */

import { formatOf } from '../../packages/core/src/compute/formats.js';
import { moeFixedS } from '../../packages/core/src/compute/grouped-gemm.js';
import {
  type MinLatencyMoeConstants,
  type MinLatencyMoeLoad,
  minLatencyMoeS,
  TRTLLM_GEN,
  TRTLLM_GEN_COMPUTE_SHARE,
  TRTLLM_GEN_FIXED_S,
  TRTLLM_GEN_STREAM_SHARE,
} from '../../packages/core/src/compute/min-latency-moe.js';
import { opsTime } from '../../packages/core/src/compute/roofline.js';
import { gpus } from '../../packages/core/src/hardware/gpus.js';
import { expertSideOps } from '../../packages/core/src/serving/layer-ops.js';
import { inTraining } from '../../packages/core/src/training/calibration.js';
import { localExperts, rowModel, rowShape, tokensPerExpert, tpeBucket } from './moe.js';
import { type Comparison, median } from './report.js';
import { type Row, readTable, TABLE_GPUS } from './tables.js';

const MIN_LATENCY = 'moe_torch_flow_min_latency';

const layoutOf = (r: Row) => (Number(r.moe_ep_size) > 1 && Number(r.moe_tp_size) > 1 ? 'EP x TP' : Number(r.moe_ep_size) > 1 ? 'EP' : 'TP');

/** The row as the backend's load on one GPU. */
const loadOf = (r: Row): MinLatencyMoeLoad => ({
  tokens: Number(r.num_tokens),
  experts: Number(r.num_experts),
  expertsPerToken: Number(r.topk),
  localExperts: localExperts(r),
  imbalance: 0,
  hidden: Number(r.hidden_size),
  expertFfn: Number(r.inter_size) / Number(r.moe_tp_size),
  gated: true,
  bytesPerElement: formatOf('nvfp4').bytesPerElement,
  ep: Number(r.moe_ep_size),
});

/** One row as the backend prices it at a set of constants (the coded ones unless given). */
const predict = (r: Row, gpuId: string, c: MinLatencyMoeConstants = TRTLLM_GEN) => minLatencyMoeS(loadOf(r), gpus.get(gpuId), c);

/** The CUTLASS module's price of the same row (fused-moe family at NVFP4): what the trtllm engine priced before the backend was expressible. */
function cutlassPrice(r: Row, gpuId: string): number {
  const ops = expertSideOps(rowModel(r), rowShape(r, 'nvfp4'), Number(r.num_tokens), 'fused');
  return moeFixedS(gpuId, localExperts(r)) + opsTime(ops, gpus.get(gpuId), 'fp4', inTraining);
}

interface Measured {
  readonly row: Row;
  readonly gpuId: string;
  readonly measuredS: number;
}

/**
 * TRTLLM_GEN_STREAM_SHARE and TRTLLM_GEN_FIXED_S: for each share on a 0.02 grid (0.3 to 1.2), the fixed cost that is
 * the median residual (at least 0) over the fit rows (EP alone or TP alone, up to 8 tokens per expert), the pair of
 * least median |log error|; the experts EP x TP rows are the check.
 */
export async function minLatencyMoeComparisons(): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const rows: Measured[] = [];
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    for (const row of await readTable(folder, 'moe')) {
      if (row.kernel_source !== MIN_LATENCY || row.moe_dtype !== 'nvfp4' || row.distribution !== 'balanced') continue;
      rows.push({ row, gpuId, measuredS: Number(row.latency) * 1e-3 });
    }
  }
  const light = rows.filter((m) => layoutOf(m.row) !== 'EP x TP' && tokensPerExpert(m.row) <= 8);
  const heavy = rows.filter((m) => layoutOf(m.row) !== 'EP x TP' && tokensPerExpert(m.row) > 8);
  const absLog = (m: Measured, c: MinLatencyMoeConstants) => Math.abs(Math.log(predict(m.row, m.gpuId, c) / m.measuredS));
  let c: MinLatencyMoeConstants = TRTLLM_GEN;
  let grid: { share: number; fixedS: number; error: number }[] = [];
  for (let round = 0; round < 2; round++) {
    // The stream share on a grid, the fixed cost the median residual at each, over the light rows.
    grid = Array.from({ length: 46 }, (_, i) => {
      const share = 0.3 + i * 0.02;
      const fixedS = Math.max(0, median(light.map((m) => m.measuredS - predict(m.row, m.gpuId, { ...c, fixedS: 0, streamShare: share }))));
      return { share, fixedS, error: median(light.map((m) => absLog(m, { ...c, fixedS, streamShare: share }))) };
    });
    const best = grid.reduce((a, b) => (b.error < a.error ? b : a));
    c = { ...c, fixedS: best.fixedS, streamShare: best.share };
    // The compute share whose median log error over the heavy rows is zero.
    let [lo, hi] = [0.01, 2];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (median(heavy.map((m) => Math.log(predict(m.row, m.gpuId, { ...c, computeShare: mid }) / m.measuredS))) > 0) lo = mid;
      else hi = mid;
    }
    c = { ...c, computeShare: (lo + hi) / 2 };
  }
  const near = grid.filter((g) => Math.abs(g.share - c.streamShare) <= 0.061 && g.share !== c.streamShare);
  const checks = rows.filter((m) => layoutOf(m.row) === 'EP x TP' && tokensPerExpert(m.row) <= 8);
  const comparisons = rows.map((m) => ({
    gpu: m.gpuId,
    bucket: `${layoutOf(m.row)}${layoutOf(m.row) === 'EP x TP' ? ' (held out)' : ''}, ${tpeBucket(tokensPerExpert(m.row))}`,
    measuredS: m.measuredS,
    beforeS: cutlassPrice(m.row, m.gpuId),
    afterS: predict(m.row, m.gpuId),
  }));
  return {
    comparisons,
    fit: [
      `TRTLLM_GEN_STREAM_SHARE ${c.streamShare.toFixed(2)}, TRTLLM_GEN_FIXED_S ${(c.fixedS * 1e6).toFixed(1)} us: median |log error| ${median(light.map((m) => absLog(m, c))).toFixed(3)} over ${light.length} rows up to 8 tokens per expert ` +
        `(${near.map((g) => `${g.share.toFixed(2)}: ${g.error.toFixed(3)}`).join(', ')}); coded ${TRTLLM_GEN_STREAM_SHARE}, ${(TRTLLM_GEN_FIXED_S * 1e6).toFixed(1)} us`,
      `TRTLLM_GEN_COMPUTE_SHARE ${c.computeShare.toFixed(3)}: median log error 0, median |log error| ${median(heavy.map((m) => absLog(m, c))).toFixed(3)} over ${heavy.length} rows over 8 tokens per expert; coded ${TRTLLM_GEN_COMPUTE_SHARE}`,
      `EP x TP rows up to 8 tokens per expert (never fitted): median |log error| ${median(checks.map((m) => Math.abs(Math.log(predict(m.row, m.gpuId) / m.measuredS)))).toFixed(3)} over ${checks.length} rows`,
    ],
  };
}
