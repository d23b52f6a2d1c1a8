/** The GEMM mechanism of the calibration script: gemm_perf rows against the roofline, and the launch floor per GPU generation and kernel family fitted on its small rows. */

import { type EfficiencyCurve, efficiencyCurves } from '../../packages/core/src/compute/efficiency.js';
import { gemmOp } from '../../packages/core/src/compute/ops.js';
import { opTime } from '../../packages/core/src/compute/roofline.js';
import type { Precision } from '../../packages/core/src/compute/types.js';
import { gpus } from '../../packages/core/src/hardware/gpus.js';
import { TRAINING_TENSOR_EFFICIENCY } from '../../packages/core/src/training/calibration.js';
import { type Comparison, median } from './report.js';
import { readTable, TABLE_GPUS } from './tables.js';

/** The table's GEMM families the model prices, with the precision and operand bytes of each. */
export const GEMM_DTYPES: Readonly<Record<string, { precision: Precision; bytes: number }>> = {
  bfloat16: { precision: 'bf16', bytes: 2 },
  fp8_block: { precision: 'fp8', bytes: 1 },
  nvfp4: { precision: 'fp4', bytes: 0.5 },
};

export const mBucket = (m: number) => (m <= 16 ? 'm <= 16' : m <= 64 ? 'm 17-64' : m <= 256 ? 'm 65-256' : m <= 2048 ? 'm 257-2048' : 'm > 2048');

/** A named curve with tensor rates at TRAINING_TENSOR_EFFICIENCY, as serving and training price GEMMs. */
export function asServed(id: string): EfficiencyCurve {
  const base = efficiencyCurves.get(id);
  return {
    ...base,
    gemm: (s, g, p) => base.gemm(s, g, p) * TRAINING_TENSOR_EFFICIENCY,
    plateau: (g, p) => base.plateau(g, p) * TRAINING_TENSOR_EFFICIENCY,
  };
}

export async function gemmComparisons(beforeCurve: string, afterCurve: string): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const comparisons: Comparison[] = [];
  const fit: string[] = [];
  const before = asServed(beforeCurve);
  const after = asServed(afterCurve);
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    const gpu = gpus.get(gpuId);
    const rows = await readTable(folder, 'gemm');
    for (const [dtype, { precision, bytes }] of Object.entries(GEMM_DTYPES)) {
      if (gpu.peak[precision] === null) continue;
      const floorResiduals: number[] = [];
      for (const r of rows) {
        if (r.gemm_dtype !== dtype) continue;
        const [m, n, k] = [Number(r.m), Number(r.n), Number(r.k)];
        const measuredS = Number(r.latency) * 1e-3;
        const op = gemmOp('proj', { m, n, k }, bytes);
        const beforeS = opTime(op, gpu, precision, before).seconds;
        if (m <= 64 && n * k <= 1 << 20) floorResiduals.push(measuredS - opTime(op, gpu, precision, efficiencyCurves.get('ideal')).seconds);
        comparisons.push({ gpu: folder, bucket: `${dtype} ${mBucket(m)}`, measuredS, beforeS, afterS: opTime(op, gpu, precision, after).seconds });
      }
      if (floorResiduals.length > 0) {
        fit.push(
          `${folder} ${dtype}: measured - ideal roofline, m <= 64 and n k <= 2^20 (${floorResiduals.length} rows): median ${(median(floorResiduals) * 1e6).toFixed(2)} us`,
        );
      }
    }
  }
  return { comparisons, fit };
}
