/** The page's runs as the CLI runs them: the same core calls with the same defaults, so a scenario and seed give the CLI's numbers. */

import {
  buildSystem,
  buildTopology,
  busiestLinks,
  CollectiveSession,
  ConfigError,
  describeSystem,
  generateRequests,
  KV_TIERS,
  type KvTier,
  loadScenario,
  ModelConfigError,
  mergeScenarioInput,
  models,
  type PlanInput,
  parseGroup,
  parseJobTexts,
  parseSizes,
  parseTime,
  pipelineSchedules,
  QuantityError,
  resilience,
  runCollective,
  ScenarioError,
  type System,
  serve,
  shareCluster,
  systemPresets,
  systemSchema,
  train,
  UnknownNameError,
} from '@supernode/core';
import { topologyPicture } from './picture.js';
import {
  type CollectiveRow,
  type CollectiveSettings,
  type Evaluation,
  LIVE_KINDS,
  type Problem,
  type ResilienceSettings,
  type RunResult,
  type RunSettings,
  type ServeSettings,
  type ShareSettings,
  type TimelineBar,
  type TrainSettings,
} from './protocol.js';

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
  if (error instanceof ConfigError) return [{ path: error.path, message: error.message }];
  if (error instanceof ModelConfigError || error instanceof QuantityError || error instanceof UnknownNameError) return [{ path: [], message: error.message }];
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
      result = runOn(system, { ...run, collective: { ...run.collective, fidelity: 'analytical' }, train: { ...run.train, fidelity: 'analytical' } });
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

export function runOn(system: System, run: RunSettings, progress?: Progress): RunResult {
  if (run.kind === 'collective') return collective(system, run.collective, progress);
  if (run.kind === 'train') return trainRun(system, run.train);
  if (run.kind === 'resilience') return resilienceRun(system, run.train, run.resilience, progress);
  if (run.kind === 'share') return shareRun(system, run.share, progress);
  return serveRun(system, run.serve, progress);
}

function collective(system: System, s: CollectiveSettings, progress?: Progress): RunResult {
  const session = new CollectiveSession(system);
  const group = parseGroup(s.group, system.gpus);
  const sizes = parseSizes(s.sizes);
  const computeBeforeS = computeBefore(s.computeBefore);
  const rows: CollectiveRow[] = [];
  let last: ReturnType<typeof runCollective> | undefined;
  sizes.forEach((bytes, i) => {
    progress?.(i, sizes.length, `${s.op} of ${bytes} B, size ${i + 1} of ${sizes.length}`);
    const r = runCollective(session, {
      op: s.op,
      group,
      concurrentGroups: s.concurrentGroups,
      bytes,
      algorithm: s.algorithm,
      protocol: s.protocol,
      fidelity: s.fidelity,
      launch: true,
      traceSpans: 0,
      ...(computeBeforeS === undefined ? {} : { computeBeforeS }),
    });
    const { execution: _e, count: _c, type: _t, groups: _g, ...row } = r;
    rows.push(row);
    last = r;
  });
  const execution = last?.execution;
  if (!execution) return { kind: 'collective', rows, busiest: [] };
  return {
    kind: 'collective',
    rows,
    busiest: busiestLinks(execution.topo, execution),
    picture: topologyPicture(execution.topo, { linkBytes: execution.linkBytes, linkCapacity: execution.linkCapacity, seconds: execution.makespan }),
  };
}

/** `--compute-before` as the CLI reads it: a time (a bare number is seconds), or nothing when the field is empty. */
function computeBefore(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const s = parseTime(/^\d+(\.\d+)?$/.test(text.trim()) ? `${text}s` : text);
    if (s >= 0) return s;
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
  }
  throw new RunProblem({ path: ['--compute-before'], message: `'${text}' is not a time such as 300s, 500ms or 2h` });
}

function modelOf(id: string, field: string) {
  if (!models.has(id)) throw new RunProblem({ path: [field], message: `unknown model '${id}': expected a preset (${models.ids.join(', ')})` });
  return models.get(id);
}

/** Plan fields as `supernode train` passes them, so both derive DP and the defaults the same way. */
export function planOf(s: TrainSettings): PlanInput {
  return {
    tp: s.tp,
    pp: s.pp,
    ...(s.vpp === undefined ? {} : { vpp: s.vpp }),
    ...(s.dp === undefined ? {} : { dp: s.dp }),
    ...(s.cp === undefined ? {} : { cp: s.cp }),
    ...(s.ep === undefined ? {} : { ep: s.ep }),
    mbs: s.mbs,
    gbs: s.gbs,
    seq: s.seq,
    precision: s.precision,
    recompute: s.recompute,
    zero: s.zero,
  } as PlanInput;
}

function trainRun(system: System, s: TrainSettings): RunResult {
  const report = train(system, modelOf(s.model, 'model'), planOf(s), { fidelity: s.fidelity });
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

function serveRun(system: System, s: ServeSettings, progress?: Progress): RunResult {
  const tiers = s.kvTiers.split(',').map((t) => t.trim());
  const bad = tiers.find((t) => !(KV_TIERS as readonly string[]).includes(t));
  if (bad !== undefined) throw new RunProblem({ path: ['kvTiers'], message: `option --kv-tiers: '${bad}' is not one of ${KV_TIERS.join(', ')}` });
  progress?.(0, 1, `generating ${s.requests} requests`);
  const requests = generateRequests({
    arrival: { kind: 'poisson', rateRps: s.rateRps },
    requests: s.requests,
    input: { kind: 'lognormal', mean: s.inputMean, sigma: s.inputSigma },
    output: { kind: 'lognormal', mean: s.outputMean, sigma: s.outputSigma },
    seed: s.seed,
  });
  progress?.(0, 1, `serving ${s.requests} requests`);
  const report = serve(system, modelOf(s.model, 'model'), requests, {
    tp: s.tp,
    ...(s.replicas === undefined ? {} : { replicas: s.replicas }),
    precision: s.precision,
    kvBytes: 2,
    kvTiers: tiers as KvTier[],
    router: s.router,
    scheduler: s.scheduler,
    preemption: 'recompute',
    fidelity: s.fidelity,
    ...(progress ? { onProgress: (done: number, total: number) => progress(done, total, `${done} of ${total} requests finished`) } : {}),
  });
  return { kind: 'serve', report };
}

/** A training job under failures, as `supernode resilience` runs it with the same plan flags. */
function resilienceRun(system: System, plan: TrainSettings, s: ResilienceSettings, progress?: Progress): RunResult {
  progress?.(0, 1, `${s.runs} Monte-Carlo runs`);
  const report = resilience(system, modelOf(plan.model, 'model'), planOf(plan), {
    spareGpus: s.spares,
    seed: s.seed,
    runs: s.runs,
    ...(s.tokens > 0 ? { tokens: s.tokens } : {}),
  });
  return { kind: 'resilience', report };
}

/** Jobs sharing the system, as `supernode share --job ... --placement ... --seed ...` runs them (flow fidelity). */
function shareRun(system: System, s: ShareSettings, progress?: Progress): RunResult {
  const texts = s.jobs
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  progress?.(0, 1, `${texts.length} jobs, together and each alone`);
  const report = shareCluster(system, parseJobTexts(texts, 'jobs'), { placement: s.placement, seed: s.seed, fields: { jobs: 'jobs', placement: 'placement' } });
  return { kind: 'share', report };
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
