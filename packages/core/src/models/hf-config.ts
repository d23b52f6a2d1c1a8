/** Builds a TransformerModel from a Hugging Face config.json object: Llama, Mistral, Qwen2/3, Qwen3-MoE, Mixtral, DeepSeek-V3, gpt-oss, Nemotron, GPT-2. */

import { defineModel, ModelConfigError } from './define.js';
import { HfFields } from './hf-fields.js';
import { type Activation, type FamilySpec, layerRange, type ModelShape, type SlidingWindow, type TransformerModel } from './types.js';

/** The config layouts we read, keyed by model_type; each architecture class name maps to one. */
const LAYOUTS = ['llama', 'mistral', 'qwen2', 'qwen3', 'qwen3_moe', 'mixtral', 'deepseek_v3', 'deepseek_v2', 'gpt_oss', 'nemotron', 'gpt2'] as const;
type Layout = (typeof LAYOUTS)[number];

const ARCHITECTURES: Readonly<Record<string, Layout>> = {
  LlamaForCausalLM: 'llama',
  MistralForCausalLM: 'mistral',
  Qwen2ForCausalLM: 'qwen2',
  Qwen3ForCausalLM: 'qwen3',
  Qwen3MoeForCausalLM: 'qwen3_moe',
  MixtralForCausalLM: 'mixtral',
  DeepseekV3ForCausalLM: 'deepseek_v3',
  DeepseekV2ForCausalLM: 'deepseek_v2',
  GptOssForCausalLM: 'gpt_oss',
  NemotronForCausalLM: 'nemotron',
  GPT2LMHeadModel: 'gpt2',
};

const isLayout = (s: unknown): s is Layout => typeof s === 'string' && (LAYOUTS as readonly string[]).includes(s);

function layoutOf(json: Readonly<Record<string, unknown>>, label: string): Layout {
  const architectures = json.architectures;
  const named = Array.isArray(architectures) && typeof architectures[0] === 'string' ? ARCHITECTURES[architectures[0]] : undefined;
  if (named) return named;
  if (isLayout(json.model_type)) return json.model_type;
  const field = json.model_type === undefined ? 'architectures' : 'model_type';
  throw new ModelConfigError(field, json[field], `one of ${[...Object.keys(ARCHITECTURES), ...LAYOUTS].join(', ')}`, label);
}

/** MLP activation: gated SiLU for the Llama lineage, squared ReLU for Nemotron, GELU for GPT-2; anything else is refused. */
function activationOf(f: HfFields, layout: Layout): Activation {
  if (layout === 'gpt2') {
    return f.optionalString('activation_function', 'gelu_new').startsWith('gelu')
      ? 'gelu'
      : f.fail('activation_function', "a GELU variant ('gelu', 'gelu_new')");
  }
  if (layout === 'nemotron') return f.optionalString('hidden_act', 'relu2') === 'relu2' ? 'squared-relu' : f.fail('hidden_act', "'relu2' for Nemotron");
  const act = f.optionalString('hidden_act', 'silu');
  return act === 'silu' || act === 'swish' ? 'swiglu' : f.fail('hidden_act', "'silu' (the gated SwiGLU MLP this layout uses)");
}

/** Windowed layers from layer_types when given, else each layout's rule (Mistral/Mixtral: all; Qwen: from max_window_layers; gpt-oss: even layers). */
function slidingWindowOf(f: HfFields, layout: Layout, layers: number): SlidingWindow | undefined {
  if (!['mistral', 'mixtral', 'qwen2', 'qwen3', 'qwen3_moe', 'gpt_oss'].includes(layout) || !f.has('sliding_window')) return undefined;
  if (layout.startsWith('qwen') && !f.optionalBool('use_sliding_window', false)) return undefined;
  const tokens = f.int('sliding_window');
  const types = f.optionalStringList('layer_types');
  if (types && types.length !== layers) f.fail('layer_types', `one entry per layer (${layers})`);
  const all = layerRange(0, layers);
  const windowed = types
    ? all.filter((i) => types[i] === 'sliding_attention')
    : layout === 'gpt_oss'
      ? all.filter((i) => i % 2 === 0)
      : layout.startsWith('qwen')
        ? layerRange(f.optionalCount('max_window_layers', 28), layers)
        : all;
  return windowed.length > 0 ? { tokens, layers: windowed } : undefined;
}

/** Which layers are MoE and how their experts look, per layout; dense layouts return family 'dense'. */
function familyOf(f: HfFields, layout: Layout, layers: number): FamilySpec {
  const all = layerRange(0, layers);
  switch (layout) {
    case 'qwen3_moe': {
      const step = f.optionalInt('decoder_sparse_step', 1);
      const mlpOnly = new Set(f.optionalIntList('mlp_only_layers'));
      const moeLayers = all.filter((i) => !mlpOnly.has(i) && (i + 1) % step === 0);
      const moe = {
        experts: f.int('num_experts'),
        expertsPerToken: f.int('num_experts_per_tok'),
        sharedExperts: 0,
        expertFfn: f.int('moe_intermediate_size'),
        moeLayers,
      };
      return { family: 'moe', moe };
    }
    case 'mixtral':
      return {
        family: 'moe',
        moe: {
          experts: f.int('num_local_experts'),
          expertsPerToken: f.int('num_experts_per_tok'),
          sharedExperts: 0,
          expertFfn: f.int('intermediate_size'),
          moeLayers: all,
        },
      };
    case 'gpt_oss': {
      const k = f.has('experts_per_token') ? f.int('experts_per_token') : f.int('num_experts_per_tok');
      return {
        family: 'moe',
        moe: { experts: f.int('num_local_experts'), expertsPerToken: k, sharedExperts: 0, expertFfn: f.int('intermediate_size'), moeLayers: all },
      };
    }
    case 'deepseek_v3':
    case 'deepseek_v2': {
      const firstDense = f.count('first_k_dense_replace');
      const freq = f.optionalInt('moe_layer_freq', 1);
      const moeLayers = all.filter((i) => i >= firstDense && i % freq === 0);
      const moe = {
        experts: f.int('n_routed_experts'),
        expertsPerToken: f.int('num_experts_per_tok'),
        sharedExperts: f.count('n_shared_experts'),
        expertFfn: f.int('moe_intermediate_size'),
        moeLayers,
      };
      return { family: 'moe', moe };
    }
    default:
      return { family: 'dense' };
  }
}

/** Projection biases: GPT-2 and gpt-oss bias everything, Qwen2 biases q/k/v, DeepSeek none; Llama's attention_bias is read. */
function biasOf(f: HfFields, layout: Layout, assumptions: string[]): ModelShape['bias'] {
  if (layout === 'gpt2' || layout === 'gpt_oss') return 'all';
  if (layout === 'qwen2') return 'qkv';
  if (layout.startsWith('deepseek') || layout === 'nemotron') {
    return f.optionalBool('attention_bias', false) ? f.fail('attention_bias', `false for ${layout}`) : 'none';
  }
  if (!f.optionalBool('attention_bias', false)) return 'none';
  assumptions.push('attention_bias: q/k/v biases counted; the o_proj bias (h per layer) is not');
  return 'qkv';
}

/** The shared shape fields; GPT-2 names them n_embd, n_layer, n_head, n_positions, n_inner. */
function shapeOf(f: HfFields, layout: Layout) {
  if (layout === 'gpt2') {
    const hidden = f.int('n_embd');
    const heads = f.int('n_head');
    if (hidden % heads !== 0) f.fail('n_head', `a divisor of n_embd (${hidden})`);
    return {
      layers: f.int('n_layer'),
      hidden,
      heads,
      kvHeads: heads,
      headDim: hidden / heads,
      ffn: f.optionalInt('n_inner', 4 * hidden),
      maxSeq: f.int('n_positions'),
    };
  }
  const hidden = f.int('hidden_size');
  const heads = f.int('num_attention_heads');
  const kvHeads = f.optionalInt('num_key_value_heads', heads);
  const headDim = f.has('head_dim') || hidden % heads !== 0 ? f.int('head_dim') : hidden / heads;
  return { layers: f.int('num_hidden_layers'), hidden, heads, kvHeads, headDim, ffn: f.int('intermediate_size'), maxSeq: f.int('max_position_embeddings') };
}

/**
 * Reads a config.json object. Required keys (sizes, layers, heads, vocabulary, context, expert counts, MLA ranks) raise a
 * ModelConfigError when missing or malformed; optional keys take the default of their transformers config class
 * (num_key_value_heads = num_attention_heads, head_dim = hidden_size / num_attention_heads, tie_word_embeddings false
 * except GPT-2, decoder_sparse_step 1, moe_layer_freq 1). The MTP module of DeepSeek-V3 (num_nextn_predict_layers) is not counted.
 */
export function modelFromHfConfig(json: unknown, id?: string): TransformerModel {
  const label = id ?? 'config.json';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelConfigError('(root)', json, 'a config.json object', label);
  const record = json as Readonly<Record<string, unknown>>;
  const layout = layoutOf(record, label);
  const f = new HfFields(record, label);
  const assumptions: string[] = [];
  const shape = shapeOf(f, layout);
  const common = {
    id: id ?? `hf-${layout}`,
    description: `${layout} model read from a Hugging Face config.json`,
    source: 'Hugging Face config.json',
    ...shape,
    vocab: f.int('vocab_size'),
    activation: activationOf(f, layout),
    tiedEmbeddings: f.optionalBool('tie_word_embeddings', layout === 'gpt2'),
    positionEmbedding: layout === 'gpt2' ? ('learned' as const) : ('rope' as const),
    norm: layout === 'gpt2' || layout === 'nemotron' ? ('layernorm' as const) : ('rmsnorm' as const),
    bias: biasOf(f, layout, assumptions),
    qkNorm: layout === 'qwen3' || layout === 'qwen3_moe',
    assumptions,
    ...familyOf(f, layout, shape.layers),
  };
  const slidingWindow = slidingWindowOf(f, layout, shape.layers);
  const windowPart = slidingWindow ? { slidingWindow } : {};
  if (layout === 'deepseek_v3' || layout === 'deepseek_v2') {
    const mla = {
      qLoraRank: f.intOrNull('q_lora_rank'),
      kvLoraRank: f.int('kv_lora_rank'),
      qkNopeHeadDim: f.int('qk_nope_head_dim'),
      qkRopeHeadDim: f.int('qk_rope_head_dim'),
      vHeadDim: f.int('v_head_dim'),
    };
    return defineModel({ ...common, ...windowPart, kvHeads: shape.heads, headDim: mla.qkNopeHeadDim + mla.qkRopeHeadDim, attention: 'mla', mla });
  }
  return defineModel({ ...common, ...windowPart, attention: shape.kvHeads === shape.heads ? 'mha' : 'gqa' });
}
