/** Field values shared by a lineage of presets: Llama-style decoders and Megatron GPT-style decoders. */

import { defineModel } from '../define.js';
import type { TransformerModel } from '../types.js';

/** Llama lineage (Llama, Mistral, Qwen, DeepSeek): RMSNorm, RoPE, gated SiLU MLP, no biases, untied output head. */
export const LLAMA_STYLE = {
  activation: 'swiglu',
  tiedEmbeddings: false,
  positionEmbedding: 'rope',
  norm: 'rmsnorm',
  bias: 'none',
  qkNorm: false,
} as const;

/**
 * Megatron-LM GPT (GPT-3 lineage): LayerNorm, learned positions, biases on every projection, GELU MLP of 4h, MHA with
 * d_h = h / a, embedding tied to the output head; Megatron pads the GPT-2 vocabulary 50,257 to 51,200 (its Table 1 V).
 */
export function megatronGpt(fields: {
  id: string;
  description: string;
  source: string;
  heads: number;
  hidden: number;
  layers: number;
  vocab?: number;
  maxSeq?: number;
  assumptions?: string[];
}): TransformerModel {
  const { heads, hidden, vocab = 51_200, maxSeq = 2048, assumptions = [], ...named } = fields;
  return defineModel({
    ...named,
    family: 'dense',
    attention: 'mha',
    heads,
    hidden,
    kvHeads: heads,
    headDim: hidden / heads,
    ffn: 4 * hidden,
    vocab,
    maxSeq,
    activation: 'gelu',
    tiedEmbeddings: true,
    positionEmbedding: 'learned',
    norm: 'layernorm',
    bias: 'all',
    qkNorm: false,
    assumptions,
  });
}
