/** Roofline time of one operation on one GPU: the slower of its tensor work and its HBM traffic, each at a curve's efficiency. */

import { ConfigError } from '../base/errors.js';
import type { GpuSpec } from '../hardware/types.js';
import { portablePow } from '../units/portable-math.js';
import { type Seconds, seconds } from '../units/units.js';
import { DEFAULT_EFFICIENCY_CURVE, type EfficiencyCurve, efficiencyCurves } from './efficiency.js';
import type { OpCost, Precision } from './types.js';

export interface OpTime {
  readonly seconds: Seconds;
  /** Which term set `seconds`; 'compute' on a tie. */
  readonly bound: 'compute' | 'memory';
  readonly computeS: Seconds;
  readonly memoryS: Seconds;
}

/**
 * time = floor + max(flops / (peak x eff_gemm(shape)), bytes / (hbm x eff_mem(bytes))) (DESIGN.md 4.4); kernels overlap
 * their loads with their math, so the slower side sets the time; a GEMM (an op with a shape) adds the curve's fixed
 * cost per kernel (gemmFloorS), other ops none; a curve may slow a GEMM's operand reads by precision (gemmStreamShare).
 * Worked example, H100 SXM BF16 GEMM 8192 x 8192 x 8192 on 'mamf-saturating':
 * flops = 2 x 8192^3 = 1.0995e12; eff = 0.8144 (794.5 / 989 at MAMF's k 13,312, over its ramp) x 8192 / (8192 + 183)
 * = 0.7966 (4096 tiles fill the 132 SMs, no padding; 183 = the 16-bit k half-point) -> compute 1.0995e12 / (989e12 x
 * 0.7966) = 1.396 ms.
 * bytes = 3 x 8192^2 x 2 B = 402.7 MB -> memory 402.7e6 / (3.35e12 x 0.866) + 0.4 us = 0.139 ms: compute-bound.
 * On the default 'measured-kernels' curve (same figures at this size) the GEMM's fixed cost adds to the slower side:
 * Hopper's BF16 floor 3.0 us (GEMM_FLOOR_S) -> 1.399 ms. A block-scaled GEMM there combines the two sides as
 * (c^p + m^p)^(1/p), p = 2.75 (BLOCK_SCALED_OVERLAP_P): 1.29 x either at the ridge, 1.004 x the slower at 1 : 5.
 */
export function opTime(op: OpCost, gpu: GpuSpec, precision: Precision, curve: EfficiencyCurve = efficiencyCurves.get(DEFAULT_EFFICIENCY_CURVE)): OpTime {
  const peak = gpu.peak[precision];
  if (peak === null) throw new ConfigError(['precision'], `${gpu.name} has no ${precision} tensor throughput`);
  if (!(op.flops >= 0 && op.bytes >= 0)) throw new RangeError(`op needs non-negative flops and bytes; got ${op.flops}, ${op.bytes}`);
  const gemmEff = op.shape ? curve.gemm(op.shape, gpu, precision) : curve.plateau(gpu, precision);
  const computeS = op.flops === 0 ? 0 : op.flops / (peak * gemmEff);
  const stream = op.shape ? (curve.gemmStreamShare?.(gpu, precision) ?? 1) : 1;
  const memoryS = op.bytes === 0 ? 0 : op.bytes / (gpu.hbmBandwidth * curve.memory(op.bytes, gpu) * stream);
  // A GEMM kernel's fixed cost adds to whichever side bounds it (compute/kernel-floors.ts).
  const floorS = op.shape && op.flops > 0 ? (curve.gemmFloorS?.(gpu, precision) ?? 0) : 0;
  const p = op.shape ? (curve.gemmOverlapExponent?.(precision) ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  return {
    seconds: seconds(floorS + overlapped(computeS, memoryS, p)),
    bound: computeS >= memoryS ? 'compute' : 'memory',
    computeS: seconds(computeS),
    memoryS: seconds(memoryS),
  };
}

/**
 * Math and reads of one kernel together: the slower where they overlap fully (p = Infinity), (c^p + m^p)^(1/p) where
 * they overlap partly, so a kernel at its ridge (c = m) takes 2^(1/p) of either; the sum at p = 1.
 */
export function overlapped(computeS: number, memoryS: number, p: number): number {
  if (p === Number.POSITIVE_INFINITY || computeS === 0 || memoryS === 0) return Math.max(computeS, memoryS);
  const top = Math.max(computeS, memoryS);
  const ratio = Math.min(computeS, memoryS) / top;
  // Below 1e-9 the smaller side adds under 1e-24 of the larger.
  if (ratio < 1e-9) return top;
  // portablePow, not **: engines differ in pow's last bit, and the web UI must print the CLI's figures.
  return top * portablePow(1 + portablePow(ratio, p), 1 / p);
}

/** Sum of `opTime` over ops run one after another (one stream, no overlap between them). */
export function opsTime(ops: readonly OpCost[], gpu: GpuSpec, precision: Precision, curve?: EfficiencyCurve): Seconds {
  return seconds(ops.reduce((total, op) => total + opTime(op, gpu, precision, curve).seconds, 0));
}
