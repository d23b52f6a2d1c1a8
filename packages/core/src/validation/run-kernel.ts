/**
 * Runs the cases.json kernel cases (one measured kernel each: a GEMM, an MoE layer's experts (fused or min-latency module), a DeepGEMM grouped GEMM, decode or prefill
 * attention, a custom all-reduce, a DeepEP dispatch or combine) through the same kernel pricing serving uses and
 * compares the time, or the published rate (DeepEP's bandwidth, DeepGEMM's TFLOP/s), with the published one.
 */

import { formatOf } from '../compute/formats.js';
import { moeFixedS } from '../compute/grouped-gemm.js';
import { minLatencyMoeS } from '../compute/min-latency-moe.js';
import { gemmOp } from '../compute/ops.js';
import { opsTime, opTime } from '../compute/roofline.js';
import type { Precision } from '../compute/types.js';
import { gpus } from '../hardware/gpus.js';
import { models } from '../models/registry.js';
import type { TransformerModel } from '../models/types.js';
import { systemPresets } from '../presets/registry.js';
import { customAllReduceS } from '../serving/custom-all-reduce.js';
import { copyBytes, DEEPEP_COSTS, type DeepEpCosts, deepEpS, type EpDirection, type EpLinks, type EpTraffic, targetGpusPerToken } from '../serving/deepep.js';
import { attentionTime, expertSideOps, localExpertsOf } from '../serving/layer-ops.js';
import type { ReplicaShape } from '../serving/step-cost.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { inTraining } from '../training/calibration.js';
import { scaleOutCopiesPerToken } from '../training/node-limited-routing.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

type Conditions = Readonly<Record<string, unknown>>;
const num = (c: Conditions, key: string): number => Number(c[key]);
const text = (c: Conditions, key: string): string => String(c[key]);

/** The tables' GEMM families as the model prices them: precision and operand bytes. */
const GEMM_DTYPES: Readonly<Record<string, { precision: Precision; bytes: number }>> = {
  bfloat16: { precision: 'bf16', bytes: 2 },
  fp8_block: { precision: 'fp8', bytes: 1 },
};

function gemmUs(c: Conditions): number {
  const dtype = GEMM_DTYPES[text(c, 'dtype')];
  if (!dtype) throw new RangeError(`no GEMM family '${text(c, 'dtype')}'`);
  const op = gemmOp('proj', { m: num(c, 'm'), n: num(c, 'n'), k: num(c, 'k') }, dtype.bytes);
  return opTime(op, gpus.get(text(c, 'gpu')), dtype.precision, inTraining).seconds * 1e6;
}

/** DeepSeek-V3's architecture with the case's expert dimensions (the expert ops read only these). */
function expertModel(c: Conditions): TransformerModel {
  const base = models.get('deepseek-v3');
  if (base.family !== 'moe') throw new Error('deepseek-v3 is not an MoE model');
  const moe = { ...base.moe, experts: num(c, 'experts'), expertsPerToken: num(c, 'top_k'), expertFfn: num(c, 'inter'), sharedExperts: 0 };
  return { ...base, hidden: num(c, 'hidden'), moe };
}

/** One GPU's routed experts in an EP group of `ep` GPUs, `tokens` tokens entering the layer over the whole group, balanced routing. */
function groupedGemmUs(c: Conditions): number {
  const ep = num(c, 'ep');
  const shape: ReplicaShape = { tp: 1, dpAttention: ep, ep, precision: 'fp8', kvBytesPerElement: 1 };
  const gpuId = text(c, 'gpu');
  const fixedS = moeFixedS(gpuId, localExpertsOf(num(c, 'experts'), shape));
  return (opsTime(expertSideOps(expertModel(c), shape, num(c, 'tokens'), 'fused'), gpus.get(gpuId), 'fp8', inTraining) + fixedS) * 1e6;
}

/**
 * One GPU's routed experts under TensorRT-LLM's min-latency module (compute/min-latency-moe.ts): `tokens` entering the
 * layer on the expert group, experts spread over `ep` GPUs and each split over `moe_tp`, NVFP4, balanced routing.
 */
function minLatencyMoeUs(c: Conditions): number {
  const load = {
    tokens: num(c, 'tokens'),
    experts: num(c, 'experts'),
    expertsPerToken: num(c, 'top_k'),
    localExperts: Math.ceil(num(c, 'experts') / num(c, 'ep')),
    imbalance: 0,
    hidden: num(c, 'hidden'),
    expertFfn: num(c, 'inter') / num(c, 'moe_tp'),
    gated: true,
    bytesPerElement: formatOf('nvfp4').bytesPerElement,
    ep: num(c, 'ep'),
  };
  return minLatencyMoeS(load, gpus.get(text(c, 'gpu'))) * 1e6;
}

/**
 * A DeepGEMM-class grouped GEMM (`groups` experts of m_per_group rows, FP8) in its layout: its FLOPs over the model's
 * time, TFLOP/s, as DeepGEMM's README reports it.
 */
export function deepGemmTflops(c: Conditions): number {
  const layout = text(c, 'layout') === 'masked' ? 'masked' : 'contiguous';
  const op = gemmOp('mlp-up', { m: num(c, 'm_per_group'), n: num(c, 'n'), k: num(c, 'k'), batch: num(c, 'groups'), layout }, 1);
  return op.flops / opTime(op, gpus.get(text(c, 'gpu')), 'fp8', inTraining).seconds / 1e12;
}

function attentionModel(c: Conditions): TransformerModel {
  if (text(c, 'attention') === 'mla') return { ...models.get('deepseek-v3'), heads: num(c, 'heads') };
  return { ...models.get('llama3-8b'), attention: 'gqa', heads: num(c, 'heads'), kvHeads: num(c, 'kv_heads'), headDim: num(c, 'head_dim') } as TransformerModel;
}

/** Decode: `batch` requests reading `context` tokens each; prefill: `batch` whole causal prompts of `isl` tokens. */
function attentionUs(c: Conditions, decode: boolean): number {
  const b = num(c, 'batch');
  const shape: ReplicaShape = { tp: 1, dpAttention: 1, ep: 1, precision: 'bf16', kvBytesPerElement: text(c, 'kv_dtype') === 'fp8' ? 1 : 2 };
  const s = decode ? num(c, 'context') : num(c, 'isl');
  const load = decode
    ? { decodes: b, decodeKvTokens: b * s, prefillTokens: 0, prefillPairs: 0, sampled: b }
    : { decodes: 0, decodeKvTokens: 0, prefillTokens: b * s, prefillPairs: (b * s * (s + 1)) / 2, sampled: b };
  return attentionTime(attentionModel(c), shape, load, gpus.get(text(c, 'gpu'))) * 1e6;
}

function customAllReduceUs(c: Conditions): number {
  const seconds = customAllReduceS(num(c, 'gpus'), num(c, 'bytes'), text(c, 'gpu'));
  if (seconds === undefined) throw new RangeError(`no custom all-reduce over ${num(c, 'gpus')} GPUs`);
  return seconds * 1e6;
}

/** A DeepEP case's traffic on one GPU, and its preset's links: scale-up and NIC rates after protocol efficiency. */
export function deepEpCase(c: Conditions): { traffic: EpTraffic; links: EpLinks; direction: EpDirection; sms: number } {
  const ep = num(c, 'ep');
  const system = buildSystem(systemSchema.parse(systemPresets.get(text(c, 'preset')).input), { gpus: ep });
  const domain = Math.min(system.spec.scaleUp.domainSize, ep);
  const nodes = Math.ceil(ep / domain);
  const experts = num(c, 'experts');
  const topK = num(c, 'top_k');
  const limit = c.node_limit === undefined ? nodes : num(c, 'node_limit');
  const out = system.spec.scaleOut;
  return {
    traffic: {
      tokens: num(c, 'tokens'),
      hidden: num(c, 'hidden'),
      topK,
      experts,
      ep,
      gpusPerDomain: domain,
      remoteNodesPerToken: nodes > 1 ? scaleOutCopiesPerToken(nodes, limit, experts / nodes, topK) : 0,
      fp8Dispatch: c.fp8_dispatch === true,
    },
    links: {
      scaleUpBytesPerS: system.scaleUp.provisionedPerGpu * system.spec.scaleUp.protocolEfficiency,
      scaleOutBytesPerS: out && system.scaleOut ? system.scaleOut.bandwidthPerGpu * out.protocolEfficiency : 0,
      gpuId: system.spec.gpu.id,
      memorySemantics: system.spec.scaleUp.memorySemantics,
    },
    direction: text(c, 'direction') === 'combine' ? 'combine' : 'dispatch',
    sms: c.sms === undefined ? 0 : num(c, 'sms'),
  };
}

/**
 * A DeepEP case's figure: its latency in us, or the bandwidth DeepEP's tests report, GB/s: RDMA bytes of every node a
 * token targets, its own included (R / (1 - 1/N) nodes a token: tests/test_internode.py), or the bytes every GPU
 * receives, its own tokens included (tests/test_intranode.py), over the time.
 */
export function deepEpFigure(c: PublishedCase, costs: DeepEpCosts = DEEPEP_COSTS): number {
  const mode = text(c.conditions, 'mechanism') === 'deepep-normal' ? 'normal' : 'low-latency';
  const { traffic, links, direction, sms } = deepEpCase(c.conditions);
  const seconds = deepEpS(mode, direction, traffic, links, sms, costs);
  if (c.metric.endsWith('_latency')) return seconds * 1e6;
  const nodes = Math.ceil(traffic.ep / traffic.gpusPerDomain);
  const targeted = nodes > 1 ? traffic.remoteNodesPerToken / (1 - 1 / nodes) : 1;
  const bytes = c.metric.includes('rdma')
    ? traffic.tokens * targeted * copyBytes(traffic, direction)
    : traffic.tokens * targetGpusPerToken(traffic.experts, traffic.topK, traffic.ep) * copyBytes(traffic, direction);
  return bytes / seconds / 1e9;
}

const UNITS: Readonly<Record<string, string>> = { us: 'us', 'GB/s': 'GB/s', 'TFLOP/s': 'TFLOP/s' };

function predict(c: PublishedCase): number {
  const mechanism = text(c.conditions, 'mechanism');
  switch (mechanism) {
    case 'gemm':
      return gemmUs(c.conditions);
    case 'grouped-gemm':
      return groupedGemmUs(c.conditions);
    case 'deepgemm-grouped':
      return deepGemmTflops(c.conditions);
    case 'min-latency-moe':
      return minLatencyMoeUs(c.conditions);
    case 'decode-attention':
      return attentionUs(c.conditions, true);
    case 'prefill-attention':
      return attentionUs(c.conditions, false);
    case 'custom-all-reduce':
      return customAllReduceUs(c.conditions);
    case 'deepep-low-latency':
    case 'deepep-normal':
      return deepEpFigure(c);
    default:
      throw new RangeError(`no kernel mechanism '${mechanism}'`);
  }
}

export function validateKernelCase(c: PublishedCase): { row: ValidationRow } | { skip: string } {
  const published = publishedNumber(c.value);
  if (published === undefined) return { skip: 'no numeric published value to compare' };
  if (!UNITS[c.unit]) return { skip: `unit '${c.unit}' is not a kernel time or bandwidth` };
  const predicted = predict(c);
  const { mechanism, ...rest } = c.conditions;
  const setup = `${String(mechanism)} ${Object.entries(rest)
    .filter(([, v]) => typeof v !== 'string' || v.length < 24)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ')}`;
  return {
    row: {
      id: c.id,
      kind: 'kernel',
      predicted,
      published,
      unit: c.unit,
      errorPct: ((predicted - published) / published) * 100,
      setup,
      unverified: isUnverified(c),
      set: caseSet(c),
      largeMessage: false,
    },
  };
}
