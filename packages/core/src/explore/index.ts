/** Design exploration: sweep specs, their points, the commands a point runs, Pareto fronts. */

export { bestPerGroup, knee } from './knee.js';
export { paretoFront, type Scored } from './pareto.js';
export {
  type Axis,
  type Axis1D,
  type AxisValue,
  type Constraint,
  MAX_SWEEP_POINTS,
  type Objective,
  parseConstraint,
  parseSweepSpec,
  type SweepSpec,
  SweepSpecError,
} from './spec.js';
export { checkSweep, expandPoints, metricsOf, PointEvaluator, type PointResult, type SweepPoint, violation } from './sweep.js';
