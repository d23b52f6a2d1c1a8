/** Compute-time model: efficiency curves, the roofline op time, and the operations of transformer and MoE layers. */

export {
  DEFAULT_EFFICIENCY_CURVE,
  DEFAULT_GEMM_EFFICIENCY,
  DEFAULT_HBM_EFFICIENCY,
  type EfficiencyCurve,
  efficiencyCurves,
  gemmPlateau,
  HBM_LATENCY_S,
  hbmPlateau,
  type Plateau,
} from './efficiency.js';
export { BF16_BYTES, type ExpertShape, expertBackwardOps, expertOps } from './expert-ops.js';
export { type GemmMeasurement, gemmMeasurements, type HbmMeasurement, hbmMeasurements } from './measurements.js';
export { gemmBackward, gemmOp, vectorOp } from './ops.js';
export { type OpTime, opsTime, opTime } from './roofline.js';
export { computeUnits, computeUnitsOf, DEFAULT_COMPUTE_UNITS, GEMM_K_HALF, GEMM_K_HALF_BY_PRECISION, GEMM_TILE, gemmSaturation } from './saturation.js';
export { backwardOps } from './transformer-backward.js';
export { attentionShape, type LayerShape, type LocalWidths, layerOps, localWidths } from './transformer-ops.js';
export { type GemmShape, gemmFlops, type Op, type OpCost, type OpName, type OpRole, type Precision } from './types.js';
