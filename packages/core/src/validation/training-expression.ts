/** A published training case expressed as a supernode run: preset, GPUs, model, parallel plan and the figure compared. */

import type { PlanInput } from '../training/plan-args.js';

export interface TrainingExpression {
  readonly preset: string;
  /** Scenario fields merged over the preset (to stand for a system no preset names). */
  readonly overrides?: Record<string, unknown>;
  readonly gpus: number;
  /** `gpus` are a job's: the system is the fewest whole deployment units holding them, the rest idle. */
  readonly job?: boolean;
  readonly model: string;
  readonly plan: PlanInput;
  /**
   * 'hardware': TFLOP/s counting recomputation (Megatron eq. 3); 'model': model FLOPs only (NeMo); 'gpu-hours': GPU-hours
   * to train `tokens` tokens, iteration time x GPUs over tokens per iteration, through the batch ramp when one is given;
   * 'tokens': tokens per second per GPU.
   */
  readonly metric: 'hardware' | 'model' | 'gpu-hours' | 'tokens';
  /** Tokens the GPU-hours figure covers. */
  readonly tokens?: number;
  /** A batch-size warm-up before the plan's global batch: linear in tokens from `fromGbs` over the first `tokens`. */
  readonly batchRamp?: { readonly fromGbs: number; readonly tokens: number };
  readonly setup: string;
}
