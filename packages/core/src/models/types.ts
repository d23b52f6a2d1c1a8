/** Transformer model descriptions: the shape numbers that parameter, FLOP and KV-cache arithmetic read. */

import type { RegistryEntry } from '../registry/registry.js';

/**
 * The MLP's non-linearity, which fixes how many h x f matrices it holds:
 * 'swiglu' is gated (gate, up, down: 3 matrices; Shazeer 2020, arXiv 2002.05202),
 * 'gelu' (GPT-2/3, Megatron GPT) and 'squared-relu' (Nemotron; So et al. 2021, arXiv 2109.08668) are not (up, down: 2).
 */
export type Activation = 'swiglu' | 'gelu' | 'squared-relu';

/** Multi-head latent attention dimensions (DeepSeek-V2/V3, arXiv 2405.04434 section 2.1; HF DeepseekV3Config names). */
export interface MlaDims {
  /** Query down-projection rank; null when queries are projected directly from h (DeepSeek-V2-Lite). */
  readonly qLoraRank: number | null;
  /** d_c: the compressed KV latent that the cache stores per token and layer. */
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  /** d_rope: the decoupled RoPE key, shared by all heads and cached beside the latent. */
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
}

/** The routed-expert part of a mixture-of-experts model. */
export interface MoeSpec {
  /** E: routed experts per MoE layer. */
  readonly experts: number;
  /** k: routed experts each token visits. */
  readonly expertsPerToken: number;
  /** Experts every token visits (DeepSeek: 1), each of width expertFfn. */
  readonly sharedExperts: number;
  /** FFN width of one expert (HF moe_intermediate_size; Mixtral's intermediate_size). */
  readonly expertFfn: number;
  /** 0-based indices of the layers whose MLP is an MoE block; the others are dense with width `ffn`. */
  readonly moeLayers: readonly number[];
}

/** Local (sliding-window) attention on some layers: each query sees at most `tokens` keys there (gpt-oss, Mistral-7B v0.1). */
export interface SlidingWindow {
  readonly tokens: number;
  /** 0-based indices of the windowed layers; the others attend over the whole context. */
  readonly layers: readonly number[];
}

/** What every model states, whatever its attention and MLP kind. */
export interface ModelShape extends RegistryEntry {
  /** L: decoder layers (DeepSeek-V3's multi-token-prediction module is not one). */
  readonly layers: number;
  /** h: residual stream width. */
  readonly hidden: number;
  /** a: query heads. */
  readonly heads: number;
  /** Key/value heads: heads for MHA, fewer for GQA; for MLA the logical heads (= heads), the cache holds the latent instead. */
  readonly kvHeads: number;
  /** d_h: query/key head dimension (for MLA: qkNopeHeadDim + qkRopeHeadDim). */
  readonly headDim: number;
  /** FFN width of every dense (non-MoE) layer, including the dense layers of a mixed model (DeepSeek-V3: 18432). */
  readonly ffn: number;
  /** V: vocabulary rows of the embedding and output head, as trained (padded where the trainer pads). */
  readonly vocab: number;
  readonly activation: Activation;
  /** The output head reuses the input embedding matrix (counted once). */
  readonly tiedEmbeddings: boolean;
  /** Longest context the model was configured for (HF max_position_embeddings or the trainer's seq_length). */
  readonly maxSeq: number;
  /** Learned absolute positions add maxSeq x h parameters (GPT-2/3); RoPE adds none. */
  readonly positionEmbedding: 'learned' | 'rope';
  /** LayerNorm has a scale and a bias (2h), RMSNorm a scale only (h). */
  readonly norm: 'layernorm' | 'rmsnorm';
  /** Linear-layer biases: none (Llama), on q/k/v only (Qwen2), or on every projection incl. MLP and router (GPT, gpt-oss). */
  readonly bias: 'none' | 'qkv' | 'all';
  /** Per-head RMSNorm on queries and keys (Qwen3): 2 d_h parameters per layer. */
  readonly qkNorm: boolean;
  readonly slidingWindow?: SlidingWindow;
  /** Choices we made that the source does not state; empty when the entry is transcribed as published. */
  readonly assumptions: readonly string[];
}

export type AttentionSpec = { readonly attention: 'mha' | 'gqa' } | { readonly attention: 'mla'; readonly mla: MlaDims };
export type FamilySpec = { readonly family: 'dense' } | { readonly family: 'moe'; readonly moe: MoeSpec };

/** A decoder-only transformer: its shape plus its attention kind and, for family 'moe', its experts. */
export type TransformerModel = ModelShape & AttentionSpec & FamilySpec;

/** Weight matrices of size h x f in one MLP (or one expert): 3 for a gated MLP, 2 otherwise. */
export function mlpMatrices(activation: Activation): 2 | 3 {
  return activation === 'swiglu' ? 3 : 2;
}

/** The 0-based layer indices from..to-1, for moeLayers and slidingWindow.layers. */
export function layerRange(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
