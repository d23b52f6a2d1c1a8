/** Parameter counts and KV-cache sizes of a transformer, from its shape alone. */

import { type Bytes, bytes } from '../units/units.js';
import { mlpMatrices, type TransformerModel } from './types.js';

/** Parameters of one layer of each kind; a mixed model (DeepSeek-V3) has dense and MoE layers. */
export interface LayerParameters {
  /** Projections plus their biases and internal norms (MLA's q/kv latent norms, Qwen3's q/k norms). */
  readonly attention: number;
  /** The dense MLP of one non-MoE layer (0 when every layer is MoE). */
  readonly mlp: number;
  /** All routed plus shared experts of one MoE layer (0 for a dense model). */
  readonly moeExperts: number;
  /** The experts one token visits in one MoE layer: top-k routed plus shared. */
  readonly moeExpertsActive: number;
  readonly router: number;
  /** The two pre-norms (attention, MLP) of one layer. */
  readonly norms: number;
}

export interface ParameterCounts {
  /** Every stored parameter; a tied output head is counted once, with the embedding. */
  readonly total: number;
  /**
   * Parameters a token multiplies: all layers' attention and norms, dense MLPs, routers, the top-k + shared experts,
   * the final norm and the output head; not the input-embedding table (a lookup). This is the convention of OpenAI's
   * gpt-oss model card (120b: 5.13B active); Qwen and DeepSeek also count the input embedding: use active + embedding.
   */
  readonly active: number;
  /** Lookup tables: token embedding V x h, plus maxSeq x h for learned positions. */
  readonly embedding: number;
  /** The output projection V x h, multiplied by every token; stored separately only when embeddings are untied. */
  readonly lmHead: number;
  readonly finalNorm: number;
  readonly denseLayers: number;
  readonly moeLayers: number;
  readonly perLayer: LayerParameters;
}

const normSize = (m: TransformerModel) => (m.norm === 'layernorm' ? 2 * m.hidden : m.hidden);

/** One MLP (or one expert) of width f: 3 h f gated / 2 h f plain, with biases f per up-type matrix plus h for the down one. */
function mlpParams(m: TransformerModel, f: number): number {
  const matrices = mlpMatrices(m.activation);
  return matrices * m.hidden * f + (m.bias === 'all' ? (matrices - 1) * f + m.hidden : 0);
}

/**
 * Attention weights of one layer.
 * MHA/GQA: q h a d_h, k and v h kv d_h each, o a d_h h. Llama-2-7B: 4 x 4096^2 = 67,108,864.
 * MLA (DeepSeek-V3, h 7168, a 128, q_lora 1536, d_c 512, nope 128, rope 64, v 128):
 *   q_a h q_lora + q_a_norm q_lora + q_b q_lora a (nope + rope) = 11,010,048 + 1,536 + 37,748,736
 *   kv_a h (d_c + rope) + kv_a_norm d_c + kv_b d_c a (nope + v)  =  4,128,768 +   512 + 16,777,216
 *   o a v h                                                       = 117,440,512; sum 187,107,328.
 */
export function attentionParameters(m: TransformerModel): number {
  const h = m.hidden;
  if (m.attention === 'mla') {
    const { qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } = m.mla;
    const qOut = m.heads * (qkNopeHeadDim + qkRopeHeadDim);
    const q = qLoraRank === null ? h * qOut : h * qLoraRank + qLoraRank + qLoraRank * qOut;
    const kv = h * (kvLoraRank + qkRopeHeadDim) + kvLoraRank + kvLoraRank * m.heads * (qkNopeHeadDim + vHeadDim);
    return q + kv + m.heads * vHeadDim * h;
  }
  const qDim = m.heads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  const weights = 2 * h * qDim + 2 * h * kvDim;
  const biases = m.bias === 'none' ? 0 : qDim + 2 * kvDim + (m.bias === 'all' ? h : 0);
  return weights + biases + (m.qkNorm ? 2 * m.headDim : 0);
}

function layerParameters(m: TransformerModel): LayerParameters {
  const base = { attention: attentionParameters(m), norms: 2 * normSize(m) };
  if (m.family === 'dense') return { ...base, mlp: mlpParams(m, m.ffn), moeExperts: 0, moeExpertsActive: 0, router: 0 };
  const { experts, expertsPerToken, sharedExperts, expertFfn, moeLayers } = m.moe;
  const expert = mlpParams(m, expertFfn);
  return {
    ...base,
    mlp: moeLayers.length < m.layers ? mlpParams(m, m.ffn) : 0,
    moeExperts: (experts + sharedExperts) * expert,
    moeExpertsActive: (expertsPerToken + sharedExperts) * expert,
    router: m.hidden * experts + (m.bias === 'all' ? experts : 0),
  };
}

/**
 * Total and active parameters. Worked examples:
 * Llama-2-7B: 32 layers x (67,108,864 attention + 3 x 4096 x 11008 = 135,266,304 MLP + 8,192 norms)
 *   + 2 x 32000 x 4096 (embedding, untied head) + 4,096 final norm = 6,738,415,616 (Meta: 6.7B).
 * DeepSeek-V3: 61 x (187,107,328 + 14,336) + 3 dense x 3 x 7168 x 18432 + 58 MoE layers x
 *   (257 experts x 44,040,192 + router 7168 x 256) + 2 x 129280 x 7168 + 7,168 = 671,026,404,352 (paper: 671B);
 *   active replaces 257 experts by 8 routed + 1 shared and drops the input table: 36,625,603,584
 *   (37,552,282,624 with it; paper: 37B activated).
 */
export function parameterCounts(m: TransformerModel): ParameterCounts {
  let counts = COUNTS.get(m);
  if (!counts) {
    counts = countParameters(m);
    COUNTS.set(m, counts);
  }
  return counts;
}

/** parameterCounts by model object: training prices thousands of plans of one model. */
const COUNTS = new WeakMap<TransformerModel, ParameterCounts>();

function countParameters(m: TransformerModel): ParameterCounts {
  const perLayer = layerParameters(m);
  const moeLayers = m.family === 'moe' ? m.moe.moeLayers.length : 0;
  const denseLayers = m.layers - moeLayers;
  const embedding = m.vocab * m.hidden + (m.positionEmbedding === 'learned' ? m.maxSeq * m.hidden : 0);
  const lmHead = m.vocab * m.hidden;
  const finalNorm = normSize(m);
  const shared = m.layers * (perLayer.attention + perLayer.norms) + denseLayers * perLayer.mlp + moeLayers * perLayer.router + finalNorm;
  return {
    total: shared + moeLayers * perLayer.moeExperts + embedding + (m.tiedEmbeddings ? 0 : lmHead),
    active: shared + moeLayers * perLayer.moeExpertsActive + lmHead,
    embedding,
    lmHead,
    finalNorm,
    denseLayers,
    moeLayers,
    perLayer,
  };
}

/** Cached elements per token in one layer: K and V (2 kv d_h) for MHA/GQA, the latent plus the RoPE key (d_c + d_rope) for MLA. */
function kvElementsPerLayer(m: TransformerModel): number {
  return m.attention === 'mla' ? m.mla.kvLoraRank + m.mla.qkRopeHeadDim : 2 * m.kvHeads * m.headDim;
}

/**
 * KV-cache bytes each token adds, every layer counted (DESIGN 4.6): MHA/GQA 2 L kv d_h b, MLA L (d_c + d_rope) b.
 * Llama-3.1-405B in BF16: 2 x 126 x 8 x 128 x 2 = 516,096 B. DeepSeek-V3 in BF16: 61 x (512 + 64) x 2 = 70,272 B.
 * Windowed layers stop growing past their window; kvCacheBytes accounts for that.
 */
export function kvBytesPerToken(m: TransformerModel, bytesPerElement: number): Bytes {
  return bytes(m.layers * kvElementsPerLayer(m) * bytesPerElement);
}

/**
 * KV-cache bytes of one sequence holding `tokens` tokens: full-attention layers keep all of them, windowed layers
 * at most the window. gpt-oss-120b at 8,192 tokens in BF16: 18 full layers x 8192 + 18 windowed x 128, times
 * 2 x 8 x 64 x 2 B = 2048 B per token-layer: 306,708,480 B.
 */
export function kvCacheBytes(m: TransformerModel, tokens: number, bytesPerElement: number): Bytes {
  const windowed = m.slidingWindow?.layers.length ?? 0;
  const windowTokens = Math.min(tokens, m.slidingWindow?.tokens ?? tokens);
  const tokenLayers = (m.layers - windowed) * tokens + windowed * windowTokens;
  return bytes(tokenLayers * kvElementsPerLayer(m) * bytesPerElement);
}
