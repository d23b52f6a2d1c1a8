/** Serving's arguments: the deployment (ServeOptions is its type) and the generated load, declared once for `serve`, `capacity`, sweeps and forms. */

import { type ArgInput, ArgValueError, choice, choices, count, defineArgs, flag, number, share, shown, text, time } from '../args/index.js';
import type { ReadText } from '../base/context.js';
import { ArgumentError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { isPlainObject } from '../base/merge.js';
import { FIDELITIES } from '../comm/run.js';
import { FORMAT_ALIASES, FORMAT_IDS, type FormatId } from '../compute/formats.js';
import { models } from '../models/registry.js';
import { LIMITS } from '../system/limits.js';
import type { Seconds } from '../units/units.js';
import { engines, MOE_BACKENDS } from './engines.js';
import { DEFAULT_EP_BALANCE, EP_BALANCES } from './ep-balance.js';
import { KV_TIERS } from './kv-tiers.js';
import type { Slo } from './metrics.js';
import { OFFLOAD_TIERS } from './replica-shape.js';
import { routers } from './routers.js';
import { schedulers } from './schedulers.js';
import { DEFAULT_ACCEPTANCE, DEFAULT_DRAFT_TOKENS, type Speculation } from './speculation.js';
import { PREFILL_COMM_SMS } from './step-overlap.js';
import type { LengthSpec } from './workload.js';

/** Formats a KV cache is held in (MXFP4's power-of-two scales are not used for KV). */
const KV_FORMATS: readonly FormatId[] = ['bf16', 'fp8', 'nvfp4', 'int8'];

/** Any per-replica or deployment count is at most the GPUs a system may hold. */
const GPUS = LIMITS.systemGpus;

/** Requests one run may serve at all (each keeps a few numbers for the percentiles): 50 million. */
export const MAX_REQUESTS = 50_000_000;

/** `P:D` (`1:3`) or `{prefill, decode}`: prefill and decode replicas under disaggregation. */
function readPd(value: unknown): { prefill: number; decode: number } {
  const m = typeof value === 'string' ? /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(value) : undefined;
  const pd = m ? { prefill: Number(m[1]), decode: Number(m[2]) } : isPlainObject(value) ? value : undefined;
  const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= GPUS;
  if (!pd || !whole(pd.prefill) || !whole(pd.decode) || Object.keys(pd).length !== 2)
    throw new ArgValueError(`expected P:D, prefill and decode replicas such as 1:3 (or {prefill, decode}), received ${shown(value)}`);
  return { prefill: pd.prefill as number, decode: pd.decode as number };
}

const sloTime = time('').read;

/** `ttft=2s,tpot=50ms` or `{ttft, tpot}` (times as text, or seconds): the service-level objective goodput counts against. */
function readSlo(value: unknown): Slo {
  const parts: [string, unknown][] =
    typeof value === 'string'
      ? value.split(',').map((part) => {
          const [key, v, extra] = part.split('=').map((s) => s.trim());
          if (v === undefined || extra !== undefined) throw new ArgValueError(`${excerpt(part)} is not ttft=TIME or tpot=TIME (e.g. ttft=2s,tpot=50ms)`);
          return [key as string, v];
        })
      : isPlainObject(value)
        ? Object.entries(value)
        : [];
  if (parts.length === 0) throw new ArgValueError(`expected ttft=TIME and/or tpot=TIME such as ttft=2s,tpot=50ms, received ${shown(value)}`);
  const slo: { ttftS?: number; tpotS?: number } = {};
  for (const [key, v] of parts) {
    if (key !== 'ttft' && key !== 'tpot') throw new ArgValueError(`${excerpt(key)} is not ttft or tpot (e.g. ttft=2s,tpot=50ms)`);
    try {
      slo[key === 'ttft' ? 'ttftS' : 'tpotS'] = sloTime(v);
    } catch (error) {
      if (error instanceof ArgValueError) throw new ArgValueError(`${key}: ${error.message}`);
      throw error;
    }
  }
  return slo;
}

/** A length spec as given: the drawn kinds, or a file of lengths that the run reads. */
export type LengthInput = LengthSpec | { readonly kind: 'file'; readonly path: string };

const LENGTH_FORMS = 'N, fixed:N, uniform:MIN:MAX, lognormal:MEAN:SIGMA or file:PATH';

/** '1024' | 'fixed:1024' | 'uniform:100:2000' | 'lognormal:1000:0.8' (mean, sigma) | 'file:lengths.txt' (one per line). */
export function parseLength(text: string): LengthInput {
  const [kind, ...rest] = text.trim().split(':');
  const nums = rest.map(Number);
  const whole = (n: number | undefined) => n !== undefined && Number.isSafeInteger(n) && n > 0;
  if (/^\d+$/.test(text.trim()) && whole(Number(text))) return { kind: 'fixed', tokens: Number(text) };
  if (kind === 'fixed' && nums.length === 1 && whole(nums[0])) return { kind, tokens: nums[0] as number };
  if (kind === 'uniform' && nums.length === 2 && whole(nums[0]) && whole(nums[1]) && (nums[0] as number) <= (nums[1] as number))
    return { kind, min: nums[0] as number, max: nums[1] as number };
  if (kind === 'lognormal' && nums.length === 2 && (nums[0] ?? 0) >= 1 && Number.isFinite(nums[0]) && (nums[1] ?? -1) >= 0 && Number.isFinite(nums[1]))
    return { kind, mean: nums[0] as number, sigma: nums[1] as number };
  if (kind === 'file' && rest.length > 0 && rest.join(':').trim() !== '') return { kind: 'file', path: rest.join(':').trim() };
  throw new ArgValueError(`${excerpt(text)} is not a length: ${LENGTH_FORMS}`);
}

/** A length from data: a whole number of tokens, or a spec object such as {kind: lognormal, mean: 2048, sigma: 0.8}. */
function lengthData(value: unknown): LengthInput {
  if (typeof value === 'number') return parseLength(String(value));
  if (isPlainObject(value)) {
    const v = value;
    const form =
      v.kind === 'fixed'
        ? `fixed:${v.tokens}`
        : v.kind === 'uniform'
          ? `uniform:${v.min}:${v.max}`
          : v.kind === 'lognormal'
            ? `lognormal:${v.mean}:${v.sigma}`
            : v.kind === 'file'
              ? `file:${v.path}`
              : '';
    const keys = { fixed: 2, uniform: 3, lognormal: 3, file: 2 }[String(v.kind)];
    if (form !== '' && Object.keys(v).length === keys) return parseLength(form);
  }
  throw new ArgValueError(`expected a length (${LENGTH_FORMS}, or an object such as {kind: lognormal, mean: 2048, sigma: 0.8}), received ${shown(value)}`);
}

/** Lengths with a file read in: the lengths it lists, one whole number each, drawn uniformly. */
export function resolveLength(spec: LengthInput, field: string, readText: ReadText | undefined): LengthSpec {
  if (spec.kind !== 'file') return spec;
  if (!readText) throw new ArgumentError(field, `'file:${spec.path}': files cannot be read here; give a length such as lognormal:2048:0.8`);
  const values = readText(spec.path, 'lengths').split(/\s+/).filter(Boolean).map(Number);
  const at = values.findIndex((v) => !(Number.isSafeInteger(v) && v > 0));
  if (values.length === 0 || at >= 0)
    throw new ArgumentError(
      field,
      `'${spec.path}' holds ${values.length === 0 ? 'no lengths' : `'${values[at]}' at entry ${at + 1}, not a positive whole number`}`,
    );
  return { kind: 'empirical', values };
}

const length = (description: string) =>
  text<LengthInput>(description, { valueName: 'spec', examples: ['lognormal:2048:0.8', '1024'], parse: parseLength, data: lengthData });

/** How a replica is laid out and priced: shared by `serve` and `capacity`. */
export const replicaFields = {
  engine: choice(engines.ids, 'serving engine: its memory share, admission policy, batch limits and overheads (the engines registry: vllm, sglang, trtllm)').or(
    'vllm',
  ),
  gpuMemoryUtilization: number(
    "share of GPU memory for weights and KV cache (vLLM gpu_memory_utilization, SGLang mem_fraction_static; TensorRT-LLM's free_gpu_memory_fraction is of what the weights leave)",
    { above: 0, max: 1, valueName: 'share' },
  ).otherwise("the engine's: vllm 0.92, sglang the GPU less its reserve (0.83 of an H100 at TP 1), trtllm 0.9 of the free"),
  stepOverhead: time("the engine's CPU time an iteration (overlapped with the GPU's where the engine overlaps scheduling)", {
    zero: true,
    max: 10,
  }).otherwise("the engine's"),
  requestOverhead: time('front-end time a request takes before it may be scheduled (HTTP, tokenization)', { zero: true, max: 60 }).otherwise(
    'the CPU work of the chat template and tokenization: 1.3 ms and 0.24 us a prompt token',
  ),
  kernelGap: time(
    'gap between two dependent kernels of a step that kernel benchmarks do not see (less where the engine launches kernels programmatically dependent and fuses them)',
    { zero: true, max: 0.001 },
  ).otherwise("the engine's: 5us, fitted on the development set"),
  moeBackend: choice(
    Object.keys(MOE_BACKENDS) as (keyof typeof MOE_BACKENDS)[],
    "the kernels the experts run: deepgemm (DeepGEMM-class grouped GEMMs fed by DeepEP), cutlass (TensorRT-LLM's fused MoE module), trtllm-gen (TensorRT-LLM's min-latency module, moe_config backend TRTLLM: Blackwell, FP4 experts)",
  ).otherwise("the engine's: vllm and sglang deepgemm, trtllm cutlass"),
  tp: count('tensor parallel size of each attention group', { max: GPUS }).or(1),
  dpAttention: count('attention data-parallel groups per replica', { max: GPUS }).or(1),
  ep: flag("spread each replica's experts over all its GPUs (expert parallelism)").or(false),
  moeTp: count(
    "GPUs each routed expert's width splits over under --ep, the experts then spread over the replica's GPUs / n (TensorRT-LLM's moe_tensor_parallel_size: TP 8 attention with EP 2 x TP 4 experts); needs one attention group",
    { max: GPUS },
  ).or(1),
  precision: choice(FORMAT_IDS, 'number format of weights and GEMM inputs (the number formats registry; a GPU without its tensor rate refuses it)', {
    aliases: FORMAT_ALIASES,
  }).or('bf16'),
  kvPrecision: choice(KV_FORMATS, 'number format of the KV cache', { aliases: FORMAT_ALIASES }).or('bf16'),
  attentionPrecision: choice(
    FORMAT_IDS,
    "number format of the attention projections' weights and inputs (QKV or MLA's, and the output projection), where a checkpoint keeps them wider than its experts (NVIDIA's NVFP4 DeepSeek-R1 and TensorRT-LLM's min-latency recipe: BF16)",
    { aliases: FORMAT_ALIASES },
  ).otherwise('--precision'),
  overlap: flag('two-batch overlap of communication with compute').or(false),
  epBalance: choice(
    EP_BALANCES,
    'how evenly routed tokens land on the EP ranks: eplb (an expert load balancer places the hot experts; the hottest rank 11% over the mean), none (experts in order: the hottest expert sets its rank), perfect (every rank the mean, as profiles simulate)',
  ).or(DEFAULT_EP_BALANCE),
  commSms: count(
    "SMs the prefill's expert dispatch and combine kernels take from compute under two-batch overlap (DeepEP normal kernels; decode's take none)",
    {
      min: 0,
      max: 100_000,
    },
  ).or(PREFILL_COMM_SMS),
  fidelity: choice(FIDELITIES, 'how per-step collectives and KV moves are priced: analytical (closed form) or flow (the flow engine, contention-aware)').or(
    'analytical',
  ),
  speculative: choice(
    ['none', 'mtp', 'draft'] as const,
    "speculative decoding: none, mtp (the model's multi-token prediction module drafts, DeepSeek-V3) or draft (a draft model drafts)",
  ).or('none'),
  mtp: flag('multi-token prediction: the same as speculative mtp').or(false),
  draftTokens: count('draft tokens proposed per step (k); the verify pass runs k + 1 per sequence', { max: 16 }).otherwise('mtp 1, draft 4'),
  acceptance: number('chance each draft token is accepted', { above: 0, max: 1, valueName: 'share' }).otherwise(
    'mtp 0.85 (DeepSeek-V3 5.4.3), draft 0.7 (Leviathan et al. 2023)',
  ),
  draftModel: choice(models.ids, 'the draft model (speculative draft), a preset').otherwise('none'),
  weightOffload: choice(
    OFFLOAD_TIERS,
    "hold some layers' weights off the GPU, each streamed in before use while the layers before it compute (SGLang's module offloader): dram (host memory over each GPU's host link: PCIe, or NVLink-C2C on Grace) or cxl (the system's CXL pool)",
  ).otherwise('none: every weight in HBM'),
  offloadLayers: count("layers --weight-offload holds off the GPU, spread evenly: a MoE layer's routed experts, a dense layer whole", {
    max: 100_000,
  }).otherwise('the fewest that leave KV cache for the longest request'),
};

/** The speculation a deployment's arguments ask for, with each method's cited defaults; undefined without one. */
export function speculationOf(a: {
  readonly speculative?: 'none' | 'mtp' | 'draft';
  readonly mtp?: boolean;
  readonly draftTokens?: number;
  readonly acceptance?: number;
  readonly draftModel?: string;
}): Speculation | undefined {
  if (a.mtp && a.speculative === 'draft') throw new ArgumentError('mtp', 'is speculative mtp; it cannot go with speculative draft');
  const method = a.mtp ? 'mtp' : (a.speculative ?? 'none');
  if (method === 'none') {
    const stray =
      a.draftTokens !== undefined ? 'draftTokens' : a.acceptance !== undefined ? 'acceptance' : a.draftModel !== undefined ? 'draftModel' : undefined;
    if (stray) throw new ArgumentError(stray, 'applies to speculative decoding; give speculative mtp or draft');
    return undefined;
  }
  if (method === 'draft' && a.draftModel === undefined)
    throw new ArgumentError('draftModel', 'speculative draft needs a draft model, a preset such as llama3-8b');
  if (method === 'mtp' && a.draftModel !== undefined)
    throw new ArgumentError('draftModel', "mtp drafts with the model's own module; a draft model goes with speculative draft");
  return {
    method,
    draftTokens: a.draftTokens ?? DEFAULT_DRAFT_TOKENS[method],
    acceptance: a.acceptance ?? DEFAULT_ACCEPTANCE[method],
    ...(a.draftModel === undefined ? {} : { draftModel: models.get(a.draftModel) }),
  };
}

/** Every option of a served deployment. */
export const serveOptionArgs = defineArgs({
  ...replicaFields,
  pd: text('prefill/decode disaggregation: P prefill and D decode replicas', { valueName: 'P:D', examples: ['1:3'], parse: readPd, data: readPd }).otherwise(
    'every replica prefills and decodes',
  ),
  replicas: count('replicas that prefill and decode', { max: GPUS }).otherwise('as many as the GPUs hold'),
  kvTiers: choices(KV_TIERS, 'prefix-cache tiers, fastest first').or(['hbm']),
  router: choice(routers.ids, 'request router').or('least-load'),
  scheduler: choice(schedulers.ids, 'iteration scheduler').or('chunked-prefill'),
  preemption: choice(['recompute', 'swap'] as const, 'when the KV cache runs out: recompute (free and prefill again) or swap (to host memory)').or('recompute'),
  tokenBudget: count("new tokens per iteration at most, over the replica (each attention-DP group's prompt chunks within its share)", {
    max: 2 ** 24,
  }).otherwise(
    "the engine's: vllm 8192 (16384 from 160 GiB, 2048 below 70 GiB or on A100), sglang 8192 (16384 from 160 GB), trtllm 8192; vllm's and trtllm's per attention-DP group",
  ),
  maxSeqs: count('requests running per replica at most', { max: 1_000_000 }).otherwise(
    "the engine's: vllm 1024 (256 below 70 GiB or on A100), sglang 2048-4096 by its KV cache, trtllm 2048; vllm's and trtllm's per attention-DP group",
  ),
  epNodeLimit: count("nodes a token's experts may span", { max: GPUS }).otherwise('any'),
  concurrency: count(
    'closed loop: n clients, each sending its next request when its last one finishes; they start together, or ramp in at --rate when one is given',
    { max: 10_000_000 },
  ).otherwise('open loop: requests arrive on their own'),
  slo: text('service-level objective (goodput counts requests within it)', {
    valueName: 'spec',
    examples: ['ttft=2s,tpot=50ms'],
    parse: readSlo,
    data: readSlo,
  }).otherwise('none: every request counts'),
  spares: count("spare GPUs ready to replace a failed replica's", { min: 0, max: GPUS }).otherwise('the GPUs the replicas leave idle'),
  restart: time("starting a replica's engine on new GPUs, before its weights load", { zero: true }).otherwise('5min'),
});

/** How a deployment serves: what `serve` takes beside the model and the requests. */
export type ServeOptions = ArgInput<typeof serveOptionArgs.fields> & {
  /** Requests (the lowest ids) left out of the latency and throughput figures: a benchmark's warm-up. */
  readonly warmup?: number;
  /** Hears the requests finished so far, about every 1% of them (a page's progress bar); never changes the result. */
  readonly onProgress?: (finished: number, total: number) => void;
};

/** A generated request load (or a trace to replay instead). */
export const loadArgs = defineArgs({
  rate: number('arrivals per second (Poisson, or gamma with burstiness)', { above: 0, max: 1e7, valueName: 'requests/s' }),
  burstiness: number('gamma arrivals with this coefficient of variation instead of Poisson (1 = Poisson)', {
    min: 0.001,
    max: 1000,
    valueName: 'cv',
  }).otherwise('Poisson'),
  requests: count('requests to serve (with a trace: its first n)', { max: MAX_REQUESTS }),
  duration: time('arrivals for this long'),
  inputLen: length('prompt lengths').or({ kind: 'lognormal', mean: 2048, sigma: 0.8 }).otherwise('lognormal:2048:0.8'),
  outputLen: length('output lengths').or({ kind: 'lognormal', mean: 256, sigma: 0.8 }).otherwise('lognormal:256:0.8'),
  prefixShare: share('share of every prompt that is one common prefix').or(0),
  turns: count('multi-turn sessions of n requests, each carrying the conversation so far', { max: 10_000 }).otherwise('single requests'),
  think: time('time between the turns of a session', { zero: true, max: 86_400 }).or(0 as Seconds),
  seed: count('seed of the generated load', { min: 0, max: 2 ** 32 - 1 }).or(1),
  trace: text('replay a trace instead of generating a load: JSON lines (Mooncake) or CSV (Azure)', {
    valueName: 'file',
    examples: ['mooncake.jsonl', 'azure.csv'],
    parse: (path) => path,
  }),
});
