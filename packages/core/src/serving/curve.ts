/**
 * The interactivity curve of a system and model: every serving configuration's output tokens/s per GPU against its
 * tokens/s per user, in steady state, and the envelope of the best of them; how serving systems are compared.
 */

import { ArgumentError } from '../base/errors.js';
import { CollectiveSession, type Fidelity } from '../comm/run.js';
import { type FormatId, formatOf } from '../compute/formats.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { portableLog, portablePow } from '../units/portable-math.js';
import { replicaMemory } from './deployment.js';
import { DEFAULT_ACCEPTANCE, DEFAULT_DRAFT_TOKENS, type Speculation } from './speculation.js';
import { type ReplicaShape, StepCostModel } from './step-cost.js';

/** What an engine sets of a curve point's replica (engines.ts engineShape, with the run's expert balance). */
type EngineShape = Pick<ReplicaShape, 'memory' | 'moeKernels' | 'stepOverhead' | 'kernelGapS' | 'epBalance'>;

/** One configuration: how the replica is laid out, how it is served, and the batch its decode runs at. */
export interface CurveConfig {
  readonly tp: number;
  readonly dpAttention: number;
  /** Experts over the replica's GPUs (MoE models). */
  readonly ep: boolean;
  /** With ep, each expert's width split over this many GPUs (expert TP, one attention group: serve --moe-tp); absent for 1. */
  readonly moeTp?: number;
  readonly precision: FormatId;
  readonly mtp: boolean;
  /** Prefill and decode on separate replicas, balanced: prefill GPUs per decode GPU. */
  readonly pd: boolean;
  readonly prefillGpusPerDecodeGpu: number;
  readonly gpusPerReplica: number;
  /** Requests decoding at once on each attention group. */
  readonly batchPerGroup: number;
}

export interface CurvePoint {
  /** Output tokens a user sees per second: 1 / TPOT. */
  readonly tokensPerSecPerUser: number;
  /** Output tokens per second per GPU of the whole deployment, prefill GPUs (or prefill time) included. */
  readonly outputTokensPerSecPerGpu: number;
  readonly tpotMs: number;
  readonly config: CurveConfig;
}

export interface Curve {
  readonly system: string;
  readonly model: string;
  readonly gpus: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly points: readonly CurvePoint[];
  /** The points no other beats on both axes, fastest per user first. */
  readonly envelope: readonly CurvePoint[];
  /** Why there are no points, where there are none: the lightest replica tried and what its weights leave. */
  readonly noFit?: string;
}

export interface CurveOptions {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Number formats to try (each the GPU runs). */
  readonly precisions: readonly FormatId[];
  /** Try multi-token prediction (MoE models of the DeepSeek kind; any model here) beside plain decode. */
  readonly mtp: boolean;
  /** Replicas of at most this many GPUs (default: the whole system). */
  readonly maxGpusPerReplica?: number;
  readonly fidelity?: Fidelity;
  /** MTP's draft acceptance and drafts (speculation.ts defaults). */
  readonly speculation?: Speculation;
  /**
   * The serving engine's memory share and CPU time an iteration for a layout of TP and experts (engines.ts; default
   * vLLM's), and how its experts are balanced (ep-balance.ts; default EPLB).
   */
  readonly engine?: (tp: number, ep: boolean) => EngineShape;
}

/** Prompt tokens one prefill iteration of an attention group prices: 8,192, or one whole prompt if longer. */
export const curvePrefillTokens = (inputTokens: number): number => Math.max(inputTokens, 8192);

/**
 * The engine's settings for a point of one format: TensorRT-LLM's min-latency MoE module (trtllm-gen) runs FP4 experts
 * only, so the curve's points of other formats run the engine's CUTLASS module instead (replica-deployment.ts refuses
 * the pairing where one run asks for it).
 */
function engineFor(engine: EngineShape | undefined, precision: FormatId): EngineShape | undefined {
  if (engine?.moeKernels !== 'trtllm-gen' || formatOf(precision).tensor === 'fp4') return engine;
  return { ...engine, moeKernels: 'fused-moe' };
}

/** The KV cache's format beside a weight format: FP8 beside 8- and 4-bit weights (as serving engines pair them), BF16 beside BF16. */
export const curveKvFormat = (precision: FormatId): FormatId => (precision === 'bf16' ? 'bf16' : 'fp8');

const powersOfTwo = (from: number, to: number) => Array.from({ length: Math.max(0, Math.floor(Math.log2(to / from)) + 1) }, (_, i) => from * 2 ** i);

interface Layout {
  readonly tp: number;
  readonly dpAttention: number;
  readonly ep: boolean;
  readonly moeTp?: number;
}

/**
 * Replica layouts to try: TP within a node's worth of GPUs, attention-DP (with EP for MoE) over the rest of the replica;
 * for MoE on one attention group also experts EP x TP (each expert split over 2 to TP / 2 GPUs), as TensorRT-LLM's
 * min-latency recipes run them.
 */
function shapesOf(model: TransformerModel, system: System, maxGpus: number): Layout[] {
  const shapes: Layout[] = [];
  for (const tp of powersOfTwo(1, Math.min(8, maxGpus))) {
    if (model.heads % tp !== 0) continue;
    for (const dp of powersOfTwo(1, maxGpus / tp)) {
      if (system.gpus % (tp * dp) !== 0) continue;
      if (model.family === 'moe') {
        if (tp * dp > 1) shapes.push({ tp, dpAttention: dp, ep: true });
        if (dp === 1) shapes.push({ tp, dpAttention: 1, ep: false });
        if (dp === 1) for (const moeTp of powersOfTwo(2, tp / 2)) shapes.push({ tp, dpAttention: 1, ep: true, moeTp });
      } else if (dp === 1) shapes.push({ tp, dpAttention: 1, ep: false });
    }
  }
  return shapes;
}

/**
 * Steady state of one configuration at a decode batch, for prompts of I and outputs of O tokens at the mean context
 * c = I + O / 2. Decode: a step of s seconds per token (speculation included) for B = b x dp sequences on g GPUs gives
 * each user 1 / s tokens/s and R = B / (s g) tokens/s per GPU. Prefill costs I / P GPU-seconds a request, P being whole
 * 8K-token iterations' tokens/s per GPU. Mixed replicas interleave it: per GPU O / (O s g / B + I / P), each user
 * slowed by the decode share of the time. Disaggregated: prefill GPUs beside, (R / O)(I / P) per decode GPU, and
 * users at the decode replicas' full pace.
 * Example: 16 GPUs decoding 512 sequences at s = 40 ms: 800 tokens/s per GPU and 25 per user; with I = 4K and P = 20K
 * tokens/s per GPU, a request of O = 1K costs 0.2 GPU-s of prefill: 1K / (1.25 + 0.2) = 706 tokens/s per GPU mixed.
 */
function pointsOf(
  system: System,
  model: TransformerModel,
  session: CollectiveSession,
  shape: ReplicaShape,
  base: Omit<CurveConfig, 'pd' | 'prefillGpusPerDecodeGpu' | 'batchPerGroup'>,
  o: CurveOptions,
): CurvePoint[] {
  const cost = new StepCostModel(model, shape, session, o.fidelity ?? 'analytical');
  const g = shape.tp * shape.dpAttention;
  const I = o.inputTokens;
  const O = o.outputTokens;
  const context = I + Math.round(O / 2);
  const memory = replicaMemory(model, shape, system.spec.gpu.hbmUsable);
  const maxBatch = Math.floor(memory.kvTokens / context / shape.dpAttention);
  if (maxBatch < 1) return [];
  const prefillTokens = curvePrefillTokens(I) * shape.dpAttention;
  const prompts = prefillTokens / I;
  const prefill = cost.step({ decodes: 0, decodeKvTokens: 0, prefillTokens, prefillPairs: prompts * I * ((I + 1) / 2), sampled: prompts });
  const prefillPerGpu = prefillTokens / prefill.seconds / g;
  const points: CurvePoint[] = [];
  for (const b of powersOfTwo(1, maxBatch)) {
    const B = b * shape.dpAttention;
    const s = cost.step({ decodes: B, decodeKvTokens: B * context, prefillTokens: 0, prefillPairs: 0, sampled: B }).seconds;
    const decodePerGpu = B / (s * g);
    const decodeGpuS = (O * s * g) / B;
    const prefillGpuS = I / prefillPerGpu;
    const mixedShare = decodeGpuS / (decodeGpuS + prefillGpuS);
    points.push({
      tokensPerSecPerUser: mixedShare / s,
      outputTokensPerSecPerGpu: O / (decodeGpuS + prefillGpuS),
      tpotMs: (s / mixedShare) * 1e3,
      config: { ...base, pd: false, prefillGpusPerDecodeGpu: 0, batchPerGroup: b },
    });
    const ratio = (decodePerGpu / O) * prefillGpuS;
    points.push({
      tokensPerSecPerUser: 1 / s,
      outputTokensPerSecPerGpu: decodePerGpu / (1 + ratio),
      tpotMs: s * 1e3,
      config: { ...base, pd: true, prefillGpusPerDecodeGpu: ratio, batchPerGroup: b },
    });
  }
  return points;
}

/** The points no other beats on both axes (higher is better on each), fastest per user first. */
export function envelopeOf(points: readonly CurvePoint[]): CurvePoint[] {
  const sorted = [...points].sort((a, b) => b.tokensPerSecPerUser - a.tokensPerSecPerUser || b.outputTokensPerSecPerGpu - a.outputTokensPerSecPerGpu);
  const front: CurvePoint[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const p of sorted) {
    if (p.outputTokensPerSecPerGpu > best) {
      front.push(p);
      best = p.outputTokensPerSecPerGpu;
    }
  }
  return front;
}

/** The envelope's output tokens/s per GPU at an interactivity, interpolated on a log scale between its points; 0 past its fastest. */
export function throughputAt(envelope: readonly CurvePoint[], tokensPerSecPerUser: number): number {
  const asc = [...envelope].sort((a, b) => a.tokensPerSecPerUser - b.tokensPerSecPerUser);
  if (asc.length === 0 || tokensPerSecPerUser > (asc[asc.length - 1] as CurvePoint).tokensPerSecPerUser) return 0;
  if (tokensPerSecPerUser <= (asc[0] as CurvePoint).tokensPerSecPerUser) return (asc[0] as CurvePoint).outputTokensPerSecPerGpu;
  for (let i = 1; i < asc.length; i++) {
    const lo = asc[i - 1] as CurvePoint;
    const hi = asc[i] as CurvePoint;
    // At a point, the point's own figure; between two, on log scales.
    if (tokensPerSecPerUser === hi.tokensPerSecPerUser) return hi.outputTokensPerSecPerGpu;
    if (tokensPerSecPerUser < hi.tokensPerSecPerUser) {
      const f = portableLog(tokensPerSecPerUser / lo.tokensPerSecPerUser) / portableLog(hi.tokensPerSecPerUser / lo.tokensPerSecPerUser);
      return lo.outputTokensPerSecPerGpu * portablePow(hi.outputTokensPerSecPerGpu / lo.outputTokensPerSecPerGpu, f);
    }
  }
  return 0;
}

/** Every configuration's steady state on `system`, and their envelope. */
export function interactivityCurve(system: System, model: TransformerModel, o: CurveOptions): Curve {
  // A replica may span scale-up domains (its expert all-to-all then crosses the scale-out): that trade is the question.
  const maxGpus = Math.min(o.maxGpusPerReplica ?? system.gpus, system.gpus);
  const precisions = o.precisions.filter((p) => system.spec.gpu.peak[formatOf(p).tensor] !== null);
  if (precisions.length === 0)
    throw new ArgumentError(
      'precisions',
      `${system.spec.gpu.name} runs none of ${o.precisions.join(', ')}; it has tensor rates for ${Object.entries(system.spec.gpu.peak)
        .filter(([, v]) => v !== null)
        .map(([k]) => k)
        .join(', ')}`,
    );
  const session = new CollectiveSession(system);
  const points: CurvePoint[] = [];
  const layouts = shapesOf(model, system, maxGpus);
  for (const { tp, dpAttention, ep, moeTp } of layouts) {
    for (const precision of precisions) {
      for (const mtp of o.mtp ? [false, true] : [false]) {
        const shape = pointShape(model, { tp, dpAttention, ep, ...(moeTp ? { moeTp } : {}) }, precision, mtp, o);
        const base = { tp, dpAttention, ep, ...(moeTp ? { moeTp } : {}), precision, mtp, gpusPerReplica: tp * dpAttention };
        points.push(...pointsOf(system, model, session, shape, base, o));
      }
    }
  }
  return {
    system: system.spec.name,
    model: model.id,
    gpus: system.gpus,
    inputTokens: o.inputTokens,
    outputTokens: o.outputTokens,
    points,
    envelope: envelopeOf(points),
    ...(points.length === 0 ? { noFit: noFit(system, model, layouts, precisions, o) } : {}),
  };
}

/** A configuration's replica: its layout, format and MTP, the KV format beside it, the engine's settings. */
function pointShape(model: TransformerModel, layout: Layout, precision: FormatId, mtp: boolean, o: CurveOptions): ReplicaShape {
  const { tp, dpAttention, ep, moeTp } = layout;
  return {
    tp,
    dpAttention,
    ep: ep ? (tp * dpAttention) / (moeTp ?? 1) : 1,
    ...(moeTp ? { expertTp: moeTp } : {}),
    precision,
    kvBytesPerElement: formatOf(curveKvFormat(precision)).bytesPerElement,
    // Two-batch overlap hides the experts' dispatch; expert TP dispatches nothing.
    ...(model.family === 'moe' && ep && !moeTp ? { overlap: true } : {}),
    ...engineFor(o.engine?.(tp, ep), precision),
    ...(mtp ? { speculation: o.speculation ?? { method: 'mtp', draftTokens: DEFAULT_DRAFT_TOKENS.mtp, acceptance: DEFAULT_ACCEPTANCE.mtp } } : {}),
  };
}

/**
 * Why no configuration fits: the replica whose weights take the least of each GPU among the layouts and formats tried,
 * its weights a GPU against the GPU's memory, and the context one request needs.
 * Example: DeepSeek-V3 on 8 H100s in FP8, experts over all 8: 78.1 GiB of weights a GPU of 79.6 GiB, past vLLM's 92% share: no KV.
 */
function noFit(system: System, model: TransformerModel, layouts: readonly Layout[], precisions: readonly FormatId[], o: CurveOptions): string {
  const context = o.inputTokens + Math.round(o.outputTokens / 2);
  const hbm = system.spec.gpu.hbmUsable;
  let lightest: { weights: number; kvTokens: number; text: string } | undefined;
  for (const { tp, dpAttention, ep, moeTp } of layouts) {
    for (const precision of precisions) {
      const shape = pointShape(model, { tp, dpAttention, ep, ...(moeTp ? { moeTp } : {}) }, precision, false, o);
      const { weightsPerGpu: weights, kvTokens } = replicaMemory(model, shape, hbm);
      if (lightest && weights >= lightest.weights) continue;
      lightest = {
        weights,
        kvTokens,
        text: `${tp * dpAttention} GPUs (TP ${tp}${dpAttention > 1 ? `, attention DP ${dpAttention}` : ''}${ep ? ', experts over all' : ''}) in ${precision}`,
      };
    }
  }
  const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
  const at = lightest
    ? `: at its lightest, ${lightest.text}, the weights take ${gib(lightest.weights)} GiB a GPU of ${gib(hbm)} GiB and leave the engine room for ${lightest.kvTokens} tokens of KV cache`
    : '';
  return `no replica of up to ${Math.max(1, ...layouts.map((l) => l.tp * l.dpAttention))} GPUs holds ${model.id} with KV cache for one request of ${context} tokens${at}; give more GPUs a replica (--gpus, --max-gpus-per-replica), a narrower format (--precisions) or a GPU with more memory`;
}

/** How much more (or less) one envelope serves per GPU than another at each interactivity: null where the other reaches no point. */
export function ratioAt(
  a: readonly CurvePoint[],
  b: readonly CurvePoint[],
  levels: readonly number[],
): { tokensPerSecPerUser: number; ratio: number | null }[] {
  return levels.map((level) => {
    const below = throughputAt(b, level);
    return { tokensPerSecPerUser: level, ratio: below > 0 ? throughputAt(a, level) / below : null };
  });
}

/**
 * A configuration as every front end prints it: the layout, the formats, mixed or disaggregated, the batch; `num`
 * formats the prefill GPUs a decode GPU as the front end formats numbers.
 */
export function curveConfigText(c: CurveConfig, num: (x: number) => string): string {
  const experts = c.ep ? (c.moeTp ? ` EP x TP ${c.moeTp} experts` : ' EP') : '';
  const serving = c.pd ? `disaggregated (${num(c.prefillGpusPerDecodeGpu)} prefill GPUs a decode GPU)` : 'mixed';
  return `TP ${c.tp}${c.dpAttention > 1 ? ` x DP-attention ${c.dpAttention}` : ''}${experts}, ${c.precision}${c.mtp ? ' + MTP' : ''}, ${serving}, batch ${c.batchPerGroup}`;
}
