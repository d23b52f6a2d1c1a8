/** The page's runs as the CLI runs them: the same core calls with the same defaults, so a scenario and seed give the CLI's numbers. */

import {
  ArgumentError,
  buildSystem,
  buildTopology,
  busiestLinks,
  type CollectiveReport,
  ConfigError,
  commands,
  describeSystem,
  loadScenario,
  ModelConfigError,
  mergeScenarioInput,
  models,
  parseArgs,
  pipelineSchedules,
  QuantityError,
  ScenarioError,
  SweepSpecError,
  type System,
  systemPresets,
  systemSchema,
  type TrainCommandReport,
  UnknownNameError,
  WorkLimitError,
} from '@supernode/core';
import { setField } from '../design/yaml-edit.js';
import { topologyPicture } from './picture.js';
import { type Evaluation, type FormValues, LIVE_KINDS, type Problem, type RunKind, type RunResult, type RunSettings, type TimelineBar } from './protocol.js';

/** A user's mistake, worded as the CLI words it; anything else is a fault of ours and propagates. */
export class RunProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** The CLI's wording of what went wrong with a scenario or a run, or undefined for an internal fault. */
export function problemOf(error: unknown, file: string): Problem[] | undefined {
  if (error instanceof RunProblem) return [error.problem];
  if (error instanceof ScenarioError)
    return error.problems.map((p) => ({
      path: p.path,
      message: `${file}:${p.line}:${p.col}: ${p.path.length > 0 ? `${p.path.join('.')}: ` : ''}${p.message}`,
    }));
  if (error instanceof WorkLimitError) return [{ path: error.path, message: `${error.field}: ${error.worded('--allow-large')}` }];
  if (error instanceof ConfigError) return [{ path: error.path, message: error.message }];
  if (error instanceof ModelConfigError || error instanceof QuantityError || error instanceof UnknownNameError || error instanceof SweepSpecError)
    return [{ path: [], message: error.message }];
  return undefined;
}

/** A scenario's text as a built system, as `supernode describe <file>` builds it. */
export function systemOf(scenario: string, file: string): System {
  return buildSystem(loadScenario(scenario, file));
}

/** Reads a scenario, builds its system and describes it; with `run`, also runs its analytical figures. */
export function evaluate(scenario: string, file: string, run?: RunSettings): Evaluation {
  const started = performance.now();
  let merged: Record<string, unknown> | undefined;
  try {
    merged = mergeScenarioInput(scenario, file);
  } catch {
    merged = undefined;
  }
  let system: System;
  try {
    system = systemOf(scenario, file);
  } catch (error) {
    const problems = problemOf(error, file);
    if (!problems) throw error;
    return { ...(merged ? { merged } : {}), problems, workerMs: performance.now() - started };
  }
  const describe = describeSystem(system);
  const picture = topologyPicture(buildTopology(system));
  let result: RunResult | undefined;
  let runProblem: Problem | undefined;
  if (run && LIVE_KINDS.includes(run.kind)) {
    try {
      result = runOn(system, { ...run, args: { ...run.args, [run.kind]: { ...run.args[run.kind], fidelity: 'analytical' } } });
    } catch (error) {
      const problems = problemOf(error, file);
      if (!problems) throw error;
      runProblem = problems[0];
    }
  }
  return {
    ...(merged ? { merged } : {}),
    problems: [],
    describe,
    picture,
    ...(result ? { run: result } : {}),
    ...(runProblem ? { runProblem } : {}),
    workerMs: performance.now() - started,
  };
}

export type Progress = (done: number, total: number, label: string) => void;

/** Form values as a command reads them: a repeatable field's lines as a list, text and switches as typed, empty text left out. */
export function argsOfForm(values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    out[name] = value;
  }
  return out;
}

/** A run of `kind` with the page's values, as `supernode <kind>` runs it with the same flags: the same command definition. */
export function runOn(system: System, run: RunSettings, progress?: Progress): RunResult {
  const command = commands.get(run.kind);
  let args: Record<string, unknown>;
  try {
    args = parseArgs(command.args, argsOfForm(run.args[run.kind]));
  } catch (error) {
    if (error instanceof ArgumentError) throw new RunProblem({ path: [error.field], message: error.message });
    throw error;
  }
  const context = { readText: noFiles, ...(progress ? { progress } : {}) };
  const report = command.run(system, args, context);
  return resultOf(run.kind, report);
}

/** Files a run names (a model config.json, a trace) cannot be read in the page: the message says what to give instead. */
const noFiles = (path: string, what: string): string => {
  throw new ConfigError([], `'${path}': the page reads no ${what} files; choose a preset, or run it with the supernode command`);
};

/** The result the page shows for a command's report: tables as they are, plus the pictures a kind draws. */
function resultOf(kind: RunKind, report: unknown): RunResult {
  if (kind === 'collective') return collectiveResult(report as CollectiveReport);
  if (kind === 'train') return trainResult(report as TrainCommandReport);
  return { kind, report } as RunResult;
}

function collectiveResult(report: CollectiveReport): RunResult {
  const rows = report.rows.map(({ execution: _e, count: _c, type: _t, groups: _g, straggler: _s, ...row }) => row);
  const execution = report.rows[report.rows.length - 1]?.execution;
  const healthy = report.healthy ? { healthy: report.healthy } : {};
  if (!execution) return { kind: 'collective', rows, busiest: [], ...healthy };
  return {
    kind: 'collective',
    rows,
    ...healthy,
    busiest: busiestLinks(execution.topo, execution),
    picture: topologyPicture(execution.topo, { linkBytes: execution.linkBytes, linkCapacity: execution.linkCapacity, seconds: execution.makespan }),
  };
}

function trainResult(report: TrainCommandReport): RunResult {
  const timeline = pipelineSchedules.get(report.plan.schedule).timeline({ plan: report.plan, ...report.pipeline });
  const bars: TimelineBar[] = [];
  for (const t of timeline.steps) {
    const first = t.step[0];
    bars.push({
      device: t.device,
      kind: t.step.length === 2 ? 'F&B' : first.kind,
      microbatch: first.microbatch,
      startMs: t.startS * 1e3,
      endMs: t.endS * 1e3,
    });
  }
  return { kind: 'train', report, timeline: bars, timelineDevices: timeline.devices };
}

/** Largest common size the comparison picks by itself: beyond it, each design keeps its own. */
const MAX_ALIKE_GPUS = 16_384;

/**
 * The GPU count every design can be built at: the smallest multiple of each design's deployment unit (whole scale-up
 * domains of whole servers) that holds the largest design as given; undefined when no design builds or it passes
 * MAX_ALIKE_GPUS. Example: AL128 (units of 128), HGX H100 (8) and GB200 NVL72 (72): 1,152.
 */
export function commonGpus(scenarios: readonly string[]): number | undefined {
  let unit = 1;
  let largest = 0;
  for (const scenario of scenarios) {
    let system: System;
    try {
      system = systemOf(scenario, 'scenario.yaml');
    } catch {
      continue;
    }
    const own = Math.max(system.spec.scaleUp.domainSize, system.spec.server.gpus);
    unit = (unit * own) / gcd(unit, own);
    largest = Math.max(largest, system.gpus);
    if (unit > MAX_ALIKE_GPUS) return undefined;
  }
  if (largest === 0) return undefined;
  const gpus = Math.ceil(largest / unit) * unit;
  return gpus <= MAX_ALIKE_GPUS ? gpus : undefined;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The scenario with its GPU count set, comments kept; a scenario that is not a mapping is left as it is (its problem shows). */
export function withGpus(scenario: string, gpus: number): string {
  try {
    return setField(scenario, ['gpus'], gpus);
  } catch {
    return scenario;
  }
}

/** Names the page offers in its selects, read from the registries. */
export function catalogueNames() {
  return {
    presets: systemPresets.ids.map((id) => {
      const input = systemSchema.parse(systemPresets.get(id).input);
      return { id, name: input.name, description: input.description ?? '' };
    }),
    models: [...models.ids],
  };
}
