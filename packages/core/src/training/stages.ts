/** How a model's layers split over pipeline stages and their interleaved chunks: even, embedding- and loss-aware, or explicit. */

import { ArgumentError, ConfigError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';

/** What the split counts besides the transformer layers (Megatron's account_for_*_in_pipeline_split). */
export interface SplitAccounting {
  /** The input embedding takes one layer's place on the first chunk. */
  readonly embedding?: boolean;
  /** The output layer and loss take one layer's place on the last chunk. */
  readonly loss?: boolean;
}

/**
 * Transformer layers of each pipeline chunk, in virtual-stage order (chunk c of stage s is virtual stage c p + s;
 * without interleaving, one chunk per stage). A given list has p entries (VPP 1) or p v entries, of whole numbers
 * >= 0 summing to the model's layers. Without one, the split counts the embedding and the loss as layers where asked
 * (Megatron-Core account_for_embedding_in_pipeline_split / account_for_loss_in_pipeline_split), else evenly where
 * p v divides the layers, else with both counted where p v divides the layers plus two: Llama 3's 126 layers on 16
 * stages hold 7, 8 x 14, 7 (Llama 3 paper, section 3.3.2), and over 16 x 8 chunks 0, 1 x 126, 0... of one layer each.
 * Example: DeepSeek-V3's 61 layers on 16 stages need a list, e.g. [3, 4 x 14, 2]: 3 + 56 + 2 = 61.
 */
export function resolveChunkLayers(model: TransformerModel, pp: number, vpp: number, given?: readonly number[], accounting: SplitAccounting = {}): number[] {
  if (given !== undefined) return checkedChunkLayers(model, pp, vpp, given);
  const chunks = pp * vpp;
  const asked = accounting.embedding === true || accounting.loss === true;
  if (!asked && model.layers % chunks === 0) return new Array<number>(chunks).fill(model.layers / chunks);
  const embedding = asked ? accounting.embedding === true : true;
  const loss = asked ? accounting.loss === true : true;
  const units = model.layers + (embedding ? 1 : 0) + (loss ? 1 : 0);
  if (units % chunks === 0 && units / chunks >= 1) {
    const split = new Array<number>(chunks).fill(units / chunks);
    if (embedding) split[0] = (split[0] as number) - 1;
    if (loss) split[chunks - 1] = (split[chunks - 1] as number) - 1;
    return split;
  }
  const what = `PP ${pp}${vpp > 1 ? ` x VPP ${vpp} = ${chunks} chunks` : ''}`;
  throw new ArgumentError(
    vpp > 1 ? 'vpp' : 'pp',
    asked
      ? `${what} does not divide the ${model.layers} layers of ${model.id} with ${[embedding ? 'the embedding' : '', loss ? 'the loss' : ''].filter(Boolean).join(' and ')} counted as layers (${units}); give stageLayers to split them unevenly`
      : `${what} does not divide the ${model.layers} layers of ${model.id} (nor ${model.layers + 2}, with the embedding and the loss counted as layers); give stageLayers to split them unevenly`,
  );
}

/**
 * The most even split of a model's layers over chunks that no even rule divides, with the embedding and the loss
 * counted as layers (Megatron-Core's decoder_first/last_pipeline_num_layers give such splits): the layers plus two
 * spread as evenly as whole numbers allow, the longer chunks first, then one taken off the first chunk (the
 * embedding) and one off the last (the loss). DeepSeek-V3's 61 layers on 16 stages: [3, 4 x 14, 2], its own split.
 * Undefined where the chunks outnumber the layers.
 */
export function balancedChunkLayers(layers: number, chunks: number): number[] | undefined {
  const units = layers + 2;
  if (chunks > layers || chunks < 2) return undefined;
  const base = Math.floor(units / chunks);
  const longer = units % chunks;
  const split = Array.from({ length: chunks }, (_, k) => base + (k < longer ? 1 : 0));
  split[0] = (split[0] as number) - 1;
  split[chunks - 1] = (split[chunks - 1] as number) - 1;
  return split.every((n) => n >= 0) ? split : undefined;
}

/** A layer list as `--stage-layers` takes it: runs of equal counts written n x k ('3,4x14,2'). */
export function stageLayersText(split: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const n of split) {
    const last = runs[runs.length - 1];
    if (last && last[0] === n) last[1]++;
    else runs.push([n, 1]);
  }
  return runs.map(([n, k]) => (k > 1 ? `${n}x${k}` : String(n))).join(',');
}

function checkedChunkLayers(model: TransformerModel, pp: number, vpp: number, given: readonly number[]): number[] {
  const field = ['stageLayers'];
  if (given.length !== pp && given.length !== pp * vpp) {
    const expected =
      vpp > 1
        ? `${pp} entries (one per stage, each divided evenly over its ${vpp} chunks) or ${pp * vpp} (one per chunk)`
        : `${pp} entries, one per pipeline stage`;
    throw new ConfigError(field, `expected ${expected}, received ${given.length}: ${given.join(',')}`);
  }
  for (const n of given) if (!Number.isInteger(n) || n < 0) throw new ConfigError(field, `expected whole numbers >= 0, received ${n}`);
  const sum = given.reduce((a, b) => a + b, 0);
  if (sum !== model.layers) throw new ConfigError(field, `${given.join(',')} sums to ${sum} layers, but ${model.id} has ${model.layers}`);
  if (given.length === pp * vpp) return [...given];
  const uneven = given.find((n) => n % vpp !== 0);
  if (uneven !== undefined) throw new ConfigError(field, `a stage of ${uneven} layers does not split evenly over ${vpp} chunks; give one entry per chunk`);
  // A per-stage list with interleaving: stage s's layers, evenly over its chunks (virtual stages c p + s).
  return Array.from({ length: pp * vpp }, (_, k) => (given[k % pp] as number) / vpp);
}

/** Layers on each stage: the sum of its chunks (chunk c of stage s is virtual stage c p + s). */
export function stageLayersOf(chunkLayers: readonly number[], pp: number): number[] {
  const stages = new Array<number>(pp).fill(0);
  chunkLayers.forEach((n, k) => {
    stages[k % pp] = (stages[k % pp] as number) + n;
  });
  return stages;
}

/**
 * The 0-based layer indices of each virtual stage: consecutive along the micro-batch's path, chunk by chunk
 * (Narayanan et al., SC'21, section 2.2.2). Example: p 2, v 2, chunks [2, 2, 2, 2]: virtual stages hold [0, 1],
 * [2, 3], [4, 5], [6, 7], so stage 0 (virtual 0 and 2) holds 0, 1, 4, 5.
 */
export function chunkLayerIndices(chunkLayers: readonly number[]): number[][] {
  let next = 0;
  return chunkLayers.map((n) => Array.from({ length: n }, () => next++));
}

/** The layer indices each stage holds, over all its chunks. */
export function stageLayerIndices(chunkLayers: readonly number[], pp: number): number[][] {
  const chunks = chunkLayerIndices(chunkLayers);
  return Array.from({ length: pp }, (_, s) => chunks.filter((_, k) => k % pp === s).flat());
}

/** Per model, the MoE layers among layers 0..i-1 for each i from 0 to the layer count (a prefix count over moeLayers). */
const MOE_PREFIX = new WeakMap<TransformerModel, Int32Array>();

function moeLayersBefore(model: TransformerModel): Int32Array {
  let prefix = MOE_PREFIX.get(model);
  if (!prefix) {
    prefix = new Int32Array(model.layers + 1);
    const moe = new Set(model.family === 'moe' ? model.moe.moeLayers : []);
    for (let i = 0; i < model.layers; i++) prefix[i + 1] = (prefix[i] as number) + (moe.has(i) ? 1 : 0);
    MOE_PREFIX.set(model, prefix);
  }
  return prefix;
}

/** MoE layers among the model's layers `from` to `to` - 1 (indices past the last layer count as dense). */
export function moeLayersIn(model: TransformerModel, from: number, to: number): number {
  const prefix = moeLayersBefore(model);
  const at = (i: number) => prefix[Math.max(0, Math.min(i, model.layers))] as number;
  return at(to) - at(from);
}

/**
 * Layers and MoE layers of each chunk (virtual stage), counted without listing their indices (stageLayerIndices lists
 * them): what a plan's memory and stage times need, thousands of times in a plan search.
 */
export function chunkLayerCounts(model: TransformerModel, chunkLayers: readonly number[]): { layers: number; moe: number }[] {
  let next = 0;
  return chunkLayers.map((n) => {
    const moe = moeLayersIn(model, next, next + n);
    next += n;
    return { layers: n, moe };
  });
}

/** The same per stage: the sums over its chunks (chunk c of stage s is virtual stage c p + s). */
export function stageLayerCounts(model: TransformerModel, chunkLayers: readonly number[], pp: number): { layers: number; moe: number }[] {
  const stages = Array.from({ length: pp }, () => ({ layers: 0, moe: 0 }));
  chunkLayerCounts(model, chunkLayers).forEach((c, k) => {
    const stage = stages[k % pp] as { layers: number; moe: number };
    stage.layers += c.layers;
    stage.moe += c.moe;
  });
  return stages;
}
