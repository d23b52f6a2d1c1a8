/** Sweeps in the worker, as `supernode sweep` runs them: the spec read and checked by core, its points evaluated by core's PointEvaluator. */

import { checkSweep, expandPoints, metricsOf, PointEvaluator, parseSweepSpec, type SweepSpec, SweepSpecError, systemPresets } from '@supernode/core';
import type { SweepPlan, SweepPointResult } from './protocol.js';

/** The preset a spec's `system` names; the page has no files, so a scenario file is refused with what to do instead. */
function systemInputOf(spec: SweepSpec): Record<string, unknown> {
  if (!systemPresets.has(spec.system))
    throw new SweepSpecError(
      `system: '${spec.system}' is not a preset (${systemPresets.ids.join(', ')}); the page sweeps presets, so run a scenario file with supernode sweep`,
    );
  return systemPresets.get(spec.system).input as Record<string, unknown>;
}

/** Specs read once per text: a worker evaluates many batches of the same sweep. */
const read = new Map<string, { spec: SweepSpec; evaluator: PointEvaluator; points: ReturnType<typeof expandPoints> }>();

function load(text: string, file: string) {
  const hit = read.get(text);
  if (hit) return hit;
  const spec = parseSweepSpec(text, file);
  const input = systemInputOf(spec);
  checkSweep(spec, input);
  const loaded = { spec, evaluator: new PointEvaluator(spec, input), points: expandPoints(spec) };
  if (read.size >= 4) read.clear();
  read.set(text, loaded);
  return loaded;
}

export function sweepPlan(text: string, file: string): SweepPlan {
  const { spec, points } = load(text, file);
  const metrics = metricsOf(checkSweep(spec, systemInputOf(spec)));
  return { name: spec.name, command: spec.command, points, objectives: spec.objectives, metrics };
}

export function sweepPoints(text: string, file: string, indices: readonly number[], progress?: (done: number, total: number) => void): SweepPointResult[] {
  const { evaluator, points } = load(text, file);
  return indices.map((i, done) => {
    const point = points[i];
    if (!point) throw new SweepSpecError(`point ${i}: the sweep has ${points.length} points`);
    progress?.(done, indices.length);
    return evaluator.evaluate(point);
  });
}
