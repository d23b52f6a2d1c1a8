/** `train`: the training capability's entry: resolve the plan, check memory, simulate one iteration, report in the contract shape. */

import { ConfigError } from '../base/errors.js';
import { CollectiveSession, type Fidelity } from '../comm/run.js';
import type { TransformerModel } from '../models/types.js';
import { systemEconomics, tokenEconomics } from '../system/economics.js';
import type { System } from '../system/system.js';
import { powerReport, type RunPowerReport, runPower } from '../system/work-power.js';
import { simulateIteration } from './iteration.js';
import type { PipelineInput } from './pipeline/types.js';
import { type ParallelPlan, resolvePlan } from './plan.js';
import type { PlanInput } from './plan-args.js';
import type { StragglerCost } from './stragglers.js';

export interface TrainReport {
  readonly system: string;
  /** GPUs of the system; the job runs on plan.gpus of them, the rest idle. */
  readonly systemGpus: number;
  readonly idleGpus: number;
  readonly model: string;
  readonly plan: ParallelPlan;
  readonly fidelity: Fidelity;
  readonly iterationTimeS: number;
  readonly tokensPerSecPerGpu: number;
  readonly modelTflopsPerGpu: number;
  readonly hardwareTflopsPerGpu: number;
  readonly mfu: number;
  readonly memoryPerGpuGiB: { weights: number; gradients: number; optimizer: number; activations: number; total: number; capacity: number };
  readonly fits: boolean;
  readonly breakdown: { computeS: number; bubbleS: number; optimizerS: number; exposedCommS: { tp: number; pp: number; dp: number; ep: number; cp: number } };
  /** Per-stage times the pipeline schedule was given: its `timeline` lays the iteration's pipeline out from them. */
  readonly pipeline: PipelineInput;
  /** With slow GPUs (system `stragglers:`): the step at nominal speed, the slowest GPU and what it costs. */
  readonly stragglers?: StragglerCost;
  /** What the run costs: the system's hour shared per GPU, facility energy and dollars per trained token. */
  readonly economics: {
    readonly usdPerGpuHour: number;
    readonly facilityPowerKw: number;
    readonly joulesPerToken: number;
    readonly usdPerMillionTokens: number;
  };
  /**
   * The system's draw over a step from what its GPUs did (system/work-power.ts): compute compute-bound, the optimizer
   * step memory-bound, exposed communication communicating, the bubble and the GPUs the job leaves idle; racks checked
   * against their budgets.
   */
  readonly power: RunPowerReport;
}

const GIB = 2 ** 30;

export interface TrainOptions {
  readonly fidelity?: Fidelity;
  /** The collective session to price on: one shared by many plans of one system reuses their collectives' prices. */
  readonly session?: CollectiveSession;
  /** Report a plan that does not fit instead of refusing it (sweeps want the numbers). */
  readonly allowOom?: boolean;
  /** `input` as resolvePlan already resolved it on this system and model (a plan search has): not resolved again. */
  readonly resolved?: ParallelPlan;
}

function trainingEconomics(system: System, tokensPerSecPerGpu: number, facilityWatts: number): TrainReport['economics'] {
  const economics = systemEconomics(system, facilityWatts);
  return { usdPerGpuHour: economics.usdPerGpuHour, facilityPowerKw: economics.facilityPowerW / 1000, ...tokenEconomics(economics, tokensPerSecPerGpu) };
}

export function train(system: System, model: TransformerModel, input: PlanInput, options: TrainOptions = {}): TrainReport {
  const plan = options.resolved ?? resolvePlan(model, system, input);
  const fidelity = options.fidelity ?? 'analytical';
  const r = simulateIteration(model, plan, system, fidelity, options.session ?? new CollectiveSession(system));
  const mem = r.memory;
  const gib = (b: number) => b / GIB;
  if (!mem.fits && !options.allowOom) {
    throw new ConfigError(
      ['plan'],
      `out of memory: ${gib(mem.total).toFixed(1)} GiB per GPU (weights ${gib(mem.weights).toFixed(1)}, gradients ${gib(mem.gradients).toFixed(1)}, ` +
        `optimizer ${gib(mem.optimizer).toFixed(1)}, activations ${gib(mem.activations).toFixed(1)}) plus 3 GiB runtime exceeds the ${gib(mem.capacity).toFixed(1)} GiB the driver gives one ${system.spec.gpu.name}; ` +
        'try more TP/PP, ZeRO stage 1-3, full recomputation or a smaller micro-batch (or allowOom to report it anyway)',
    );
  }
  const b = r.breakdown;
  const communicating = b.exposedCommS.tp + b.exposedCommS.pp + b.exposedCommS.dp + b.exposedCommS.ep + b.exposedCommS.cp;
  const busy = b.computeS + b.optimizerS + communicating;
  const power = runPower(
    system,
    {
      computeBound: b.computeS * plan.gpus,
      memoryBound: b.optimizerS * plan.gpus,
      communicating: communicating * plan.gpus,
      idle: Math.max(0, r.iterationTimeS - busy) * plan.gpus,
    },
    plan.gpus,
  );
  return {
    system: system.spec.name,
    systemGpus: system.gpus,
    idleGpus: system.gpus - plan.gpus,
    model: model.id,
    plan,
    fidelity,
    iterationTimeS: r.iterationTimeS,
    tokensPerSecPerGpu: r.tokensPerSecPerGpu,
    modelTflopsPerGpu: r.modelTflopsPerGpu,
    hardwareTflopsPerGpu: r.hardwareTflopsPerGpu,
    mfu: r.mfu,
    memoryPerGpuGiB: {
      weights: gib(mem.weights),
      gradients: gib(mem.gradients),
      optimizer: gib(mem.optimizer),
      activations: gib(mem.activations),
      total: gib(mem.total),
      capacity: gib(mem.capacity),
    },
    fits: mem.fits,
    breakdown: r.breakdown,
    pipeline: r.pipeline,
    ...(r.stragglers ? { stragglers: r.stragglers } : {}),
    economics: trainingEconomics(system, r.tokensPerSecPerGpu, power.facilityWatts),
    power: powerReport(power),
  };
}
