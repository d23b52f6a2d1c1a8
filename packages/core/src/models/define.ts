/** Checks a model description for shapes that cannot exist, with errors that name the field, the value and the expectation. */

import { shownValue } from '../base/excerpt.js';
import type { TransformerModel } from './types.js';

/** A model field (a TransformerModel field or a config.json key) whose value cannot describe a transformer. */
export class ModelConfigError extends Error {
  override readonly name = 'ModelConfigError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    /** The model or file the field belongs to, when known. */
    readonly model?: string,
  ) {
    const where = model === undefined ? '' : `${model}: `;
    super(`${where}field '${field}': expected ${expected}, got ${show(value)}`);
  }
}

function show(value: unknown): string {
  return value === undefined ? 'nothing (the field is missing)' : shownValue(value, '"');
}

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

function checkLayerList(model: TransformerModel, field: string, list: readonly number[]): void {
  list.forEach((layer, i) => {
    const previous = list[i - 1];
    if (!Number.isInteger(layer) || layer < 0 || layer >= model.layers || (previous !== undefined && layer <= previous)) {
      throw new ModelConfigError(field, list, `ascending distinct layer indices in [0, ${model.layers})`, model.id);
    }
  });
}

/** Every count must be a positive integer; MHA has kvHeads = heads; GQA groups the heads evenly. */
function checkShape(m: TransformerModel): void {
  const counts = { layers: m.layers, hidden: m.hidden, heads: m.heads, kvHeads: m.kvHeads, headDim: m.headDim, ffn: m.ffn, vocab: m.vocab, maxSeq: m.maxSeq };
  for (const [field, value] of Object.entries(counts)) {
    if (!isPositiveInt(value)) throw new ModelConfigError(field, value, 'a positive integer', m.id);
  }
  if (m.attention === 'mha' && m.kvHeads !== m.heads) throw new ModelConfigError('kvHeads', m.kvHeads, `heads (${m.heads}) for MHA`, m.id);
  if (m.attention === 'gqa' && (m.kvHeads >= m.heads || m.heads % m.kvHeads !== 0)) {
    throw new ModelConfigError('kvHeads', m.kvHeads, `a proper divisor of heads (${m.heads}) for GQA`, m.id);
  }
  if (m.attention === 'mla') {
    const { qLoraRank, ...dims } = m.mla;
    for (const [field, value] of Object.entries(dims)) {
      if (!isPositiveInt(value)) throw new ModelConfigError(`mla.${field}`, value, 'a positive integer', m.id);
    }
    if (qLoraRank !== null && !isPositiveInt(qLoraRank)) throw new ModelConfigError('mla.qLoraRank', qLoraRank, 'a positive integer or null', m.id);
    if (m.bias !== 'none') throw new ModelConfigError('bias', m.bias, "'none' for MLA (no MLA model has projection biases)", m.id);
    if (m.headDim !== m.mla.qkNopeHeadDim + m.mla.qkRopeHeadDim) {
      throw new ModelConfigError('headDim', m.headDim, `qkNopeHeadDim + qkRopeHeadDim (${m.mla.qkNopeHeadDim + m.mla.qkRopeHeadDim}) for MLA`, m.id);
    }
  }
}

function checkMoe(m: TransformerModel): void {
  if (m.family !== 'moe') return;
  const { experts, expertsPerToken, sharedExperts, expertFfn, moeLayers } = m.moe;
  for (const [field, value] of Object.entries({ experts, expertsPerToken, expertFfn })) {
    if (!isPositiveInt(value)) throw new ModelConfigError(`moe.${field}`, value, 'a positive integer', m.id);
  }
  if (expertsPerToken > experts) throw new ModelConfigError('moe.expertsPerToken', expertsPerToken, `at most experts (${experts})`, m.id);
  if (!Number.isInteger(sharedExperts) || sharedExperts < 0) throw new ModelConfigError('moe.sharedExperts', sharedExperts, 'a whole number >= 0', m.id);
  if (moeLayers.length === 0) throw new ModelConfigError('moe.moeLayers', moeLayers, 'at least one MoE layer', m.id);
  checkLayerList(m, 'moe.moeLayers', moeLayers);
}

/** Returns the model unchanged when its shape is consistent; throws a ModelConfigError naming the first bad field. */
export function defineModel<T extends TransformerModel>(model: T): T {
  checkShape(model);
  checkMoe(model);
  if (model.slidingWindow) {
    if (!isPositiveInt(model.slidingWindow.tokens))
      throw new ModelConfigError('slidingWindow.tokens', model.slidingWindow.tokens, 'a positive integer', model.id);
    checkLayerList(model, 'slidingWindow.layers', model.slidingWindow.layers);
  }
  return model;
}
