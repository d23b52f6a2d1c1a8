/** Op builders: a GEMM's op from its shape, its two backward products, and a memory-bound vector op. */

import { bytes, flops } from '../units/units.js';
import { type GemmShape, gemmFlops, type Op, type OpName, type OpRole } from './types.js';

/** Each of the `batch` products reads A (m x k) and B (k x n) and writes C (m x n) once; an empty product moves nothing. */
export function gemmOp(name: OpName, shape: GemmShape, bytesPerElement: number, role: OpRole = 'forward'): Op {
  const { m, n, k } = shape;
  const work = gemmFlops(shape);
  const elements = (m * k + k * n + m * n) * (shape.batch ?? 1);
  return { name, role, shape, flops: work, bytes: bytes(work === 0 ? 0 : elements * bytesPerElement) };
}

/**
 * The backward of Y[m x n] = X[m x k] W[k x n]: dgrad dX = dY W^T (m x k, reducing over n) and wgrad
 * dW = X^T dY (k x n, reducing over m). Each has the forward's FLOPs and touches the same three matrices' worth of bytes.
 */
export function gemmBackward(forward: Op, bytesPerElement: number): Op[] {
  const shape = forward.shape;
  if (!shape) throw new RangeError(`op '${forward.name}' has no GEMM shape to differentiate`);
  const { m, n, k } = shape;
  const batch = shape.batch ?? 1;
  // A grouped expert GEMM's backward runs in the same kernel family, at the forward's expert width.
  const grouped = shape.layout ? { layout: shape.layout, width: shape.width ?? Math.min(n, k) } : {};
  return [
    gemmOp(forward.name, { m, n: k, k: n, batch, ...grouped }, bytesPerElement, 'dgrad'),
    gemmOp(forward.name, { m: k, n, k: m, batch, ...grouped }, bytesPerElement, 'wgrad'),
  ];
}

/** A vector op (norm, activation, residual add): no tensor FLOPs, `moved` bytes read plus written. */
export function vectorOp(name: OpName, moved: number, role: OpRole = 'forward'): Op {
  return { name, role, flops: flops(0), bytes: bytes(moved) };
}
