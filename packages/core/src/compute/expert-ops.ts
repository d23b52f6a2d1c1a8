/** The operations of a MoE layer's routed experts on one GPU, run as one grouped GEMM per projection. */

import { ConfigError } from '../base/errors.js';
import { gemmBackward, gemmOp, vectorOp } from './ops.js';
import type { GroupedLayout, Op } from './types.js';

/** BF16, the default element size of weights and activations. */
export const BF16_BYTES = 2;

export interface ExpertShape {
  /** Tokens routed to each expert (an average may be fractional); small counts make thin, inefficient GEMMs. */
  readonly tokensPerExpert: number;
  readonly hidden: number;
  /** The expert MLP's inner width, already divided by any expert tensor parallelism. */
  readonly expertFfn: number;
  readonly gated: boolean;
  /** Experts on this GPU, run together as one grouped GEMM (their tiles share the SMs); default 1. */
  readonly experts?: number;
  readonly bytesPerElement?: number;
  /** How a grouped-GEMM kernel lays the experts' rows out (GemmShape.layout); absent: batched GEMMs at dense rates. */
  readonly layout?: GroupedLayout;
}

/** Validated sizes and the two grouped GEMMs, shared by the forward and backward builders. */
function expertGemms(shape: ExpertShape) {
  const experts = shape.experts ?? 1;
  if (!(shape.tokensPerExpert >= 0)) throw new ConfigError(['tokensPerExpert'], `expected >= 0, got ${shape.tokensPerExpert}`);
  for (const key of ['hidden', 'expertFfn'] as const) {
    if (!(Number.isInteger(shape[key]) && shape[key] > 0)) throw new ConfigError([key], `expected a positive integer, got ${shape[key]}`);
  }
  if (!(Number.isInteger(experts) && experts > 0)) throw new ConfigError(['experts'], `expected a positive integer, got ${experts}`);
  const { tokensPerExpert: t, hidden: h, expertFfn: f } = shape;
  const b = shape.bytesPerElement ?? BF16_BYTES;
  const width = (shape.gated ? 2 : 1) * f;
  const layout = shape.layout ? { layout: shape.layout } : {};
  return {
    b,
    /** Bytes of one f-wide activation over all routed tokens; the activation moves 2 (plain) or 3 (gated) of these. */
    activation: experts * t * f * b,
    up: gemmOp('mlp-up', { m: t, n: width, k: h, batch: experts, ...layout }, b),
    down: gemmOp('mlp-down', { m: t, n: h, k: f, batch: experts, ...layout }, b),
  };
}

/**
 * Forward ops of `experts` experts with t tokens each: mlp-up t x (2 f gated, else f) x h and mlp-down t x h x f,
 * batch = experts, each expert reading its own weights; elementwise: the activation (read 2 f gated / f, write f per token).
 * Worked example, DeepSeek-V3-like h = 7168, f = 2048, gated, 8 experts, 16 tokens each: mlp-up 2 x 16 x 4096 x 7168
 * x 8 = 7.5 GFLOP while reading 8 x 7168 x 4096 x 2 B = 470 MB of weights: 16 FLOP per byte, memory-bound on any GPU.
 */
export function expertOps(shape: ExpertShape): Op[] {
  const { up, down, activation } = expertGemms(shape);
  return [up, vectorOp('elementwise', (shape.gated ? 3 : 2) * activation), down];
}

/** HBM bytes of the experts' activation forward (gated: read 2 f, write f per routed token; plain: read f, write f). */
export function expertActivationBytes(shape: ExpertShape): number {
  return (shape.gated ? 3 : 2) * expertGemms(shape).activation;
}

/** Backward ops: dgrad and wgrad of both grouped GEMMs (2x forward FLOPs) and the activation's backward (gated 5 f, plain 3 f per token). */
export function expertBackwardOps(shape: ExpertShape): Op[] {
  const { up, down, activation, b } = expertGemms(shape);
  return [...gemmBackward(down, b), vectorOp('elementwise', (shape.gated ? 5 : 3) * activation, 'dgrad'), ...gemmBackward(up, b)];
}
