/** `supernode train`: one training iteration of a model on a system under a parallel plan, explained. */

import { readFileSync, writeFileSync } from 'node:fs';
import {
  didYouMean,
  type Fidelity,
  healthySystem,
  ModelConfigError,
  modelFromHfConfig,
  models,
  type PlanInput,
  pipelineSchedules,
  RECOMPUTE_MODULES,
  type RecomputeModule,
  type TrainReport,
  type TransformerModel,
  train,
} from '@supernode/core';
import { UsageError } from '../errors.js';
import { loadSystem } from '../load-system.js';
import { oneOf } from '../options.js';
import { degradedBy } from '../report/degraded.js';
import { pipelineTrace } from '../report/pipeline-trace.js';
import { heading, num, table } from '../report/table.js';

/** Commander's parse: counts and switches as the plan takes them, choices as strings still to check. */
export interface TrainCommandOptions
  extends Pick<
    PlanInput,
    | 'tp'
    | 'pp'
    | 'vpp'
    | 'microbatchGroup'
    | 'dp'
    | 'cp'
    | 'ep'
    | 'etp'
    | 'mbs'
    | 'gbs'
    | 'seq'
    | 'sequenceParallel'
    | 'tpOverlap'
    | 'dpOverlap'
    | 'ppOverlap'
    | 'dropout'
    | 'accountForEmbedding'
    | 'accountForLoss'
    | 'permuteFusion'
  > {
  readonly system: string;
  readonly gpus?: number;
  readonly model: string;
  readonly precision: string;
  readonly recompute: string;
  readonly zero: string;
  readonly attention?: string;
  readonly gradientBytes?: string;
  readonly masterWeightBytes?: string;
  readonly recomputeModules?: string;
  readonly momentBytes?: string;
  readonly schedule?: string;
  readonly stageLayers?: string;
  readonly mtpDepth?: string;
  readonly epNodeLimit?: string;
  readonly commSms?: string;
  readonly offloadActivations?: string;
  readonly fidelity: string;
  readonly json?: boolean;
  readonly trace?: string;
  readonly fail?: readonly string[];
  readonly straggler?: readonly string[];
}

export function loadModel(ref: string): TransformerModel {
  if (models.has(ref)) return models.get(ref);
  if (!/[./\\]/.test(ref)) {
    const near = didYouMean(ref, models.ids);
    throw new UsageError(`unknown model '${ref}'${near ? ` (did you mean '${near}'?)` : ''}: expected a preset (${models.ids.join(', ')}) or a config.json`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(ref, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read model config '${ref}': ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return modelFromHfConfig(json, ref.replace(/^.*[\\/]/, '').replace(/\.json$/, ''));
  } catch (error) {
    if (error instanceof ModelConfigError) throw new UsageError(`${ref}: ${error.message}`);
    throw error;
  }
}

export function runTrain(o: TrainCommandOptions): string {
  const system = loadSystem(o.system, o.gpus, o.fail, o.straggler);
  const model = loadModel(o.model);
  const fidelity = oneOf<Fidelity>('--fidelity', o.fidelity, ['flow', 'analytical']);
  const plan = planFromOptions(o);
  const report = train(system, model, plan, { fidelity });
  if (o.trace !== undefined) writeFileSync(o.trace, JSON.stringify(pipelineTrace(report)));
  const healthy = system.failures || system.stragglers ? degradedAgainst(train(healthySystem(system), model, plan, { fidelity }), report) : undefined;
  if (o.json) return JSON.stringify(healthy ? { ...report, healthy } : report, null, 2);
  const text = [render(report, o.trace)];
  if (healthy) {
    text.push(
      `degraded: iteration ${num(report.iterationTimeS, 4)} s against ${num(healthy.iterationTimeS, 4)} s healthy, ${num(healthy.share * 100, 3)}% of healthy throughput (${degradedBy(system)})`,
    );
  }
  const s = report.stragglers;
  if (s) {
    const g = s.slowestGpu;
    text.push(
      `stragglers: ${s.slowGpus} GPU${s.slowGpus === 1 ? '' : 's'} below nominal speed cost ${num(s.slowdown * 100, 3)}% of the step; the slowest, GPU ${g.rank} ` +
        `(stage ${g.stage}, replica ${g.replica}) at ${num(g.speed * 100, 3)}%: the step would take ${num(s.withoutSlowestS, 4)} s at nominal speed on it`,
    );
  }
  return text.join('\n');
}

/** The healthy run's figures beside a degraded one: share is healthy iteration time over degraded (throughput kept). */
function degradedAgainst(h: TrainReport, r: TrainReport): { iterationTimeS: number; tokensPerSecPerGpu: number; mfu: number; share: number } {
  return { iterationTimeS: h.iterationTimeS, tokensPerSecPerGpu: h.tokensPerSecPerGpu, mfu: h.mfu, share: h.iterationTimeS / r.iterationTimeS };
}

/** The parallel plan the train flags describe (shared with `resilience`, which takes the same flags). */
export function planFromOptions(o: Omit<TrainCommandOptions, 'system' | 'model' | 'fidelity'>): PlanInput {
  const precision = oneOf('--precision', o.precision, ['bf16', 'fp8']);
  const recompute = oneOf('--recompute', o.recompute, ['none', 'selective', 'full']);
  const zero = Number(oneOf('--zero', o.zero, ['0', '1', '2', '3'])) as 0 | 1 | 2 | 3;
  return {
    ...{ tp: o.tp, pp: o.pp, vpp: o.vpp, dp: o.dp, cp: o.cp, ep: o.ep, etp: o.etp, mbs: o.mbs, gbs: o.gbs, seq: o.seq, precision, recompute, zero },
    ...{ sequenceParallel: o.sequenceParallel, tpOverlap: o.tpOverlap, dpOverlap: o.dpOverlap, ppOverlap: o.ppOverlap, dropout: o.dropout },
    attention: optional(o.attention, (v) => oneOf('--attention', v, ['flash', 'unfused'])),
    gradientBytes: optional(o.gradientBytes, (v) => elementBytes('--gradient-bytes', v)),
    masterWeightBytes: optional(o.masterWeightBytes, (v) => elementBytes('--master-weight-bytes', v)),
    momentBytes: optional(o.momentBytes, (v) => elementBytes('--moment-bytes', v)),
    recomputeModules: optional(o.recomputeModules, (v) => v.split(',').map((m) => oneOf<RecomputeModule>('--recompute-modules', m.trim(), RECOMPUTE_MODULES))),
    schedule: optional(o.schedule, (v) => oneOf('--schedule', v, pipelineSchedules.ids)),
    microbatchGroup: o.microbatchGroup,
    stageLayers: optional(o.stageLayers, parseStageLayers),
    mtpDepth: optional(o.mtpDepth, (v) => whole('--mtp-depth', v, 0)),
    epNodeLimit: optional(o.epNodeLimit, (v) => whole('--ep-node-limit', v, 1)),
    commSms: optional(o.commSms, (v) => whole('--comm-sms', v, 0)),
    offloadActivations: optional(o.offloadActivations, share),
    accountForEmbedding: o.accountForEmbedding,
    accountForLoss: o.accountForLoss,
    permuteFusion: o.permuteFusion,
  };
}

const optional = <T>(value: string | undefined, parse: (value: string) => T): T | undefined => (value === undefined ? undefined : parse(value));

/** 2 or 4 bytes per element, for --gradient-bytes and --master-weight-bytes. */
const elementBytes = (flag: string, value: string) => Number(oneOf(flag, value, ['2', '4'])) as 2 | 4;

/** A whole number >= min, or a UsageError naming the option, the value and what was expected. */
function whole(flag: string, text: string, min: 0 | 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`option ${flag}: '${text}' is not ${min === 0 ? 'a whole number >= 0' : 'a positive whole number'}`);
  }
  return n;
}

/** A share in [0, 1) for --offload-activations, such as 0.25. */
function share(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1)
    throw new UsageError(`option --offload-activations: '${text}' is not a share in [0, 1), such as 0.25`);
  return n;
}

/** '3,4x14,2' -> [3, 4, ... (14 times), 2]: layers per stage (or per chunk with VPP), with `NxK` for N layers on K of them. */
function parseStageLayers(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const m = /^\s*(\d+)\s*(?:x\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new UsageError(`option --stage-layers: '${part}' in '${text}' is not a layer count (n) or a run (nxk, n layers on k stages)`);
    return new Array<number>(Number(m[2] ?? 1)).fill(Number(m[1]));
  });
}

const BAR = 50;

function render(r: TrainReport, trace?: string): string {
  const p = r.plan;
  const out = [
    heading(
      `${r.model} on ${r.system} (${p.gpus} GPUs): TP ${p.tp} PP ${p.pp}${p.vpp > 1 ? ` VPP ${p.vpp}` : ''}${p.microbatchGroup !== p.pp && p.vpp > 1 ? ` N ${p.microbatchGroup}` : ''} (${p.schedule}) DP ${p.dp} CP ${p.cp} EP ${p.ep}, ` +
        `mbs ${p.mbs} gbs ${p.gbs} seq ${p.seq}, ${p.precision}, recompute ${p.recompute}, ZeRO ${p.zero}, ${r.fidelity} fidelity`,
    ),
  ];
  out.push(
    table(
      ['metric', 'value'],
      [
        ['iteration time', `${num(r.iterationTimeS, 4)} s (${p.microbatches} micro-batches per pipeline)`],
        ['tokens/s per GPU', num(r.tokensPerSecPerGpu, 4)],
        ['model TFLOP/s per GPU', `${num(r.modelTflopsPerGpu, 4)} (MFU ${(r.mfu * 100).toFixed(1)}% of dense ${p.precision} peak)`],
        ['hardware TFLOP/s per GPU', `${num(r.hardwareTflopsPerGpu, 4)} (with recomputation)`],
        [
          'memory per GPU',
          `${num(r.memoryPerGpuGiB.total)} GiB of ${num(r.memoryPerGpuGiB.capacity)}: weights ${num(r.memoryPerGpuGiB.weights)}, gradients ${num(r.memoryPerGpuGiB.gradients)}, optimizer ${num(r.memoryPerGpuGiB.optimizer)}, activations ${num(r.memoryPerGpuGiB.activations)}${r.fits ? '' : ' -- does not fit'}`,
        ],
        [
          'cost and energy',
          `$${r.economics.usdPerMillionTokens.toPrecision(3)} per million trained tokens, ${num(r.economics.joulesPerToken)} J each; ` +
            `$${r.economics.usdPerGpuHour.toFixed(2)} per GPU-hour, ${num(r.economics.facilityPowerKw)} kW at the facility`,
        ],
      ],
    ),
  );
  const b = r.breakdown;
  const parts: [string, number, string][] = [
    ['compute', b.computeS, '#'],
    ['bubble', b.bubbleS, '.'],
    ['TP comm', b.exposedCommS.tp, 't'],
    ['PP comm', b.exposedCommS.pp, 'p'],
    ['DP comm', b.exposedCommS.dp, 'd'],
    ['EP comm', b.exposedCommS.ep, 'e'],
    ['CP comm', b.exposedCommS.cp, 'c'],
    ['optimizer', b.optimizerS, 'o'],
  ];
  const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
  out.push(`breakdown [${parts.map(([, v, c]) => c.repeat(Math.round((v / total) * BAR))).join('')}]`);
  out.push(
    table(
      ['part', 'seconds', 'share'],
      parts.filter(([, v]) => v > 0).map(([name, v, c]) => [`${c} ${name}`, num(v, 4), `${((v / total) * 100).toFixed(1)}%`]),
    ),
  );
  if (trace !== undefined) out.push(`pipeline trace written to ${trace} (open in ui.perfetto.dev)`);
  return out.join('\n');
}
