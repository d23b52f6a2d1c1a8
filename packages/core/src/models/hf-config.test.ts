import { describe, expect, it } from 'vitest';
import { kvBytesPerToken, parameterCounts } from './count.js';
import { ModelConfigError } from './define.js';
import { modelFromHfConfig } from './hf-config.js';
import { models } from './registry.js';

/** meta-llama/Llama-3.1-405B config.json, the keys that matter (rope_scaling and token ids left out). */
const LLAMA_405B = {
  architectures: ['LlamaForCausalLM'],
  attention_bias: false,
  hidden_act: 'silu',
  hidden_size: 16384,
  intermediate_size: 53248,
  max_position_embeddings: 131072,
  model_type: 'llama',
  num_attention_heads: 128,
  num_hidden_layers: 126,
  num_key_value_heads: 8,
  rms_norm_eps: 1e-5,
  rope_theta: 500000.0,
  tie_word_embeddings: false,
  vocab_size: 128256,
};

/** deepseek-ai/DeepSeek-V3 config.json, shape keys. */
const DEEPSEEK_V3 = {
  architectures: ['DeepseekV3ForCausalLM'],
  model_type: 'deepseek_v3',
  hidden_size: 7168,
  intermediate_size: 18432,
  moe_intermediate_size: 2048,
  num_hidden_layers: 61,
  num_attention_heads: 128,
  num_key_value_heads: 128,
  n_shared_experts: 1,
  n_routed_experts: 256,
  num_experts_per_tok: 8,
  first_k_dense_replace: 3,
  moe_layer_freq: 1,
  q_lora_rank: 1536,
  kv_lora_rank: 512,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  v_head_dim: 128,
  vocab_size: 129280,
  max_position_embeddings: 163840,
  num_nextn_predict_layers: 1,
  tie_word_embeddings: false,
  hidden_act: 'silu',
};

const without = (json: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(json).filter(([k]) => k !== key));
const errorOf = (build: () => unknown): ModelConfigError => {
  try {
    build();
  } catch (e) {
    if (e instanceof ModelConfigError) return e;
    throw e;
  }
  throw new Error('expected a ModelConfigError');
};

describe('modelFromHfConfig', () => {
  it('reads a Llama config into the same shape as the llama3.1-405b preset', () => {
    const m = modelFromHfConfig(LLAMA_405B, 'llama3.1-405b');
    const preset = models.get('llama3.1-405b');
    expect(m).toMatchObject({ family: 'dense', attention: 'gqa', layers: 126, hidden: 16384, heads: 128, kvHeads: 8, headDim: 128, ffn: 53248, vocab: 128256 });
    expect(parameterCounts(m)).toEqual(parameterCounts(preset));
    expect(kvBytesPerToken(m, 2)).toBe(516_096); // 2 x 126 x 8 x 128 x 2 B
  });

  it('reads a DeepSeek-V3 config: MLA ranks, 3 dense layers, 58 MoE layers', () => {
    const m = modelFromHfConfig(DEEPSEEK_V3, 'deepseek-v3');
    expect(m.attention === 'mla' && m.mla).toEqual({ qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
    expect(m.family === 'moe' && m.moe.moeLayers[0]).toBe(3);
    expect(parameterCounts(m).total).toBe(671_026_404_352); // as the preset (count.ts worked example)
    expect(kvBytesPerToken(m, 2)).toBe(70_272); // 61 x (512 + 64) x 2 B
  });

  it('projects queries directly when q_lora_rank is null (DeepSeek-V2-Lite style)', () => {
    const m = modelFromHfConfig({ ...DEEPSEEK_V3, q_lora_rank: null });
    // q: 7168 x 128 x 192 = 176,160,768 replaces 7168 x 1536 + 1536 + 1536 x 24576 = 48,760,320.
    expect(parameterCounts(m).perLayer.attention).toBe(187_107_328 - 48_760_320 + 176_160_768);
  });

  it('places Qwen3-MoE experts by decoder_sparse_step and mlp_only_layers', () => {
    const qwen = {
      architectures: ['Qwen3MoeForCausalLM'],
      hidden_size: 2048,
      intermediate_size: 6144,
      moe_intermediate_size: 768,
      num_hidden_layers: 8,
      num_attention_heads: 32,
      num_key_value_heads: 4,
      head_dim: 128,
      num_experts: 128,
      num_experts_per_tok: 8,
      decoder_sparse_step: 2,
      mlp_only_layers: [3],
      vocab_size: 151936,
      max_position_embeddings: 40960,
    };
    // MoE where (i + 1) % 2 == 0 and i is not MLP-only: layers 1, 5, 7.
    const m = modelFromHfConfig(qwen);
    expect(m.family === 'moe' && m.moe.moeLayers).toEqual([1, 5, 7]);
    expect(m.qkNorm).toBe(true);
  });

  it('reads Mixtral and gpt-oss configs into the presets they describe', () => {
    const mixtral = {
      architectures: ['MixtralForCausalLM'],
      hidden_size: 6144,
      intermediate_size: 16384,
      num_hidden_layers: 56,
      num_attention_heads: 48,
      num_key_value_heads: 8,
      num_local_experts: 8,
      num_experts_per_tok: 2,
      vocab_size: 32768,
      max_position_embeddings: 65536,
      sliding_window: null,
    };
    expect(parameterCounts(modelFromHfConfig(mixtral)).total).toBe(parameterCounts(models.get('mixtral-8x22b')).total);
    const layerTypes = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention'));
    const gptOss = {
      architectures: ['GptOssForCausalLM'],
      hidden_size: 2880,
      intermediate_size: 2880,
      head_dim: 64,
      num_hidden_layers: 36,
      num_attention_heads: 64,
      num_key_value_heads: 8,
      num_local_experts: 128,
      experts_per_token: 4,
      vocab_size: 201088,
      max_position_embeddings: 131072,
      sliding_window: 128,
      layer_types: layerTypes,
      attention_bias: true,
      tie_word_embeddings: false,
    };
    const m = modelFromHfConfig(gptOss);
    expect(parameterCounts(m)).toEqual(parameterCounts(models.get('gpt-oss-120b')));
    expect(m.slidingWindow?.layers).toHaveLength(18);
  });

  it('reads GPT-2 small into 124,439,808 parameters', () => {
    // Per layer 12 x 768^2 + 13 x 768 (9h of biases, 4h of LayerNorm) = 7,087,872; x 12 + 50257 x 768 (tied)
    // + 1024 x 768 (positions) + 2 x 768 (final LayerNorm).
    const m = modelFromHfConfig({
      architectures: ['GPT2LMHeadModel'],
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
      n_positions: 1024,
      vocab_size: 50257,
      n_inner: null,
    });
    expect(m).toMatchObject({ tiedEmbeddings: true, positionEmbedding: 'learned', norm: 'layernorm', bias: 'all', activation: 'gelu', ffn: 3072 });
    expect(parameterCounts(m).total).toBe(124_439_808);
  });

  it('names the missing hidden_size, its value and the expectation', () => {
    const e = errorOf(() => modelFromHfConfig(without(LLAMA_405B, 'hidden_size'), 'llama-test'));
    expect(e.field).toBe('hidden_size');
    expect(e.message).toBe("llama-test: field 'hidden_size': expected a positive integer, got nothing (the field is missing)");
  });

  it('refuses malformed values instead of guessing', () => {
    expect(errorOf(() => modelFromHfConfig({ ...LLAMA_405B, hidden_size: '16384' })).message).toMatch(
      /'hidden_size': expected a positive integer, got "16384"/,
    );
    expect(errorOf(() => modelFromHfConfig({ ...LLAMA_405B, hidden_act: 'gelu' })).field).toBe('hidden_act');
    expect(errorOf(() => modelFromHfConfig(without(DEEPSEEK_V3, 'kv_lora_rank'))).field).toBe('kv_lora_rank');
    expect(errorOf(() => modelFromHfConfig(without(DEEPSEEK_V3, 'first_k_dense_replace'))).field).toBe('first_k_dense_replace');
    expect(errorOf(() => modelFromHfConfig({ ...LLAMA_405B, num_key_value_heads: 7 })).field).toBe('kvHeads');
  });

  it('names the architectures it reads when it meets another', () => {
    const e = errorOf(() => modelFromHfConfig({ architectures: ['T5ForConditionalGeneration'], model_type: 't5' }));
    expect(e.field).toBe('model_type');
    expect(e.message).toMatch(/expected one of LlamaForCausalLM, .*gpt2, got "t5"/);
    expect(errorOf(() => modelFromHfConfig([1, 2])).field).toBe('(root)');
  });
});
