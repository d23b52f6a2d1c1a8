/** How a model's layers split over pipeline stages: an even split, the end stages one layer short, or an explicit list. */

import type { TransformerModel } from '../models/types.js';
import { ConfigError } from '../system/errors.js';

/**
 * Transformer layers on each of the pp stages (with interleaving, over all v chunks of a stage).
 * Given a list, it must have pp entries of whole numbers >= 0 summing to the model's layers, and no interleaving
 * (chunks of unequal stages are not defined). Without one: an even split where PP x VPP divides the layers, else
 * (without interleaving) the first and last stage one layer short where PP divides the layers plus two, to make room
 * for the embedding and the output head, as Llama 3 trained 126 layers on 16 stages (Llama 3 paper, section 3.3.2;
 * Megatron's account-for-embedding split).
 * Example: DeepSeek-V3's 61 layers on 16 stages need a list, e.g. [3, 4 x 14, 2]: 3 + 56 + 2 = 61.
 */
export function resolveStageLayers(model: TransformerModel, pp: number, vpp: number, given?: readonly number[]): number[] {
  if (given !== undefined) return checkedStageLayers(model, pp, vpp, given);
  if (model.layers % (pp * vpp) === 0) return new Array<number>(pp).fill(model.layers / pp);
  if (vpp === 1 && pp > 2 && (model.layers + 2) % pp === 0) {
    const full = (model.layers + 2) / pp;
    return Array.from({ length: pp }, (_, s) => (s === 0 || s === pp - 1 ? full - 1 : full));
  }
  throw new ConfigError(
    [vpp > 1 ? '--vpp' : '--pp'],
    `PP ${pp}${vpp > 1 ? ` x VPP ${vpp}` : ''} does not divide the ${model.layers} layers of ${model.id}` +
      `${vpp === 1 && pp > 2 ? ` (nor ${model.layers + 2}, with the first and last stage one layer short)` : ''}; give --stage-layers to split them unevenly`,
  );
}

function checkedStageLayers(model: TransformerModel, pp: number, vpp: number, given: readonly number[]): number[] {
  const field = ['--stage-layers'];
  if (vpp > 1) throw new ConfigError(field, `an explicit split needs VPP 1 (received VPP ${vpp})`);
  if (given.length !== pp) throw new ConfigError(field, `expected ${pp} entries, one per pipeline stage, received ${given.length}: ${given.join(',')}`);
  for (const n of given) if (!Number.isInteger(n) || n < 0) throw new ConfigError(field, `expected whole numbers >= 0, received ${n}`);
  const sum = given.reduce((a, b) => a + b, 0);
  if (sum !== model.layers) throw new ConfigError(field, `${given.join(',')} sums to ${sum} layers, but ${model.id} has ${model.layers}`);
  return [...given];
}

/**
 * The 0-based layer indices each stage holds. Without interleaving stage s holds the next stageLayers[s] layers; with
 * v chunks of n = L / (p v) layers, chunk c of stage s holds layers (c p + s) n ... (c p + s + 1) n - 1 (Narayanan et al.,
 * SC'21, section 2.2.2).
 */
export function stageLayerIndices(stageLayers: readonly number[], vpp: number): number[][] {
  const pp = stageLayers.length;
  if (vpp === 1) {
    let next = 0;
    return stageLayers.map((n) => Array.from({ length: n }, () => next++));
  }
  const chunk = (stageLayers[0] ?? 0) / vpp;
  return Array.from({ length: pp }, (_, s) => Array.from({ length: vpp * chunk }, (_, i) => (Math.floor(i / chunk) * pp + s) * chunk + (i % chunk)));
}
