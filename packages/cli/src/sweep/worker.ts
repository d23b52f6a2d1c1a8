/** A sweep worker thread: evaluates batches of points of the sweep it was started with. */

import { workerData } from 'node:worker_threads';
import { PointEvaluator, type PointResult, type SweepPoint, type SweepSpec } from '@supernode/core';
import { userFiles } from '../read-text.js';

const { spec, systemInput } = workerData as { spec: SweepSpec; systemInput: Record<string, unknown> };
const evaluator = new PointEvaluator(spec, systemInput, userFiles);

export default function evaluateBatch(points: readonly SweepPoint[]): PointResult[] {
  return points.map((p) => evaluator.evaluate(p));
}
