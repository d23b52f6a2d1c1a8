/** Speculative decoding: draft tokens proposed by multi-token prediction modules or a draft model, verified in one pass of the model; the tokens a step yields on average. */

import { ArgumentError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';

export type SpeculationMethod = 'mtp' | 'draft';

export interface Speculation {
  /** `mtp`: the model's multi-token prediction module drafts (DeepSeek-V3); `draft`: a smaller model drafts. */
  readonly method: SpeculationMethod;
  /** Draft tokens proposed per step (k); the verify pass runs k + 1 query tokens per sequence. */
  readonly draftTokens: number;
  /** Chance a draft token is accepted, given the ones before it were (i.i.d. across positions). */
  readonly acceptance: number;
  /** The draft model (method `draft`). */
  readonly draftModel?: TransformerModel;
}

/**
 * Acceptance rate a method assumes unless told: MTP 0.85, the low end of the 85-90% DeepSeek-V3 measured for its second
 * token (technical report, section 5.4.3); a separate draft model 0.7, mid-range of the 0.5-0.9 Leviathan et al.
 * measured across draft and target pairs (ICML 2023, table 3).
 */
export const DEFAULT_ACCEPTANCE: Readonly<Record<SpeculationMethod, number>> = { mtp: 0.85, draft: 0.7 };

/** Draft tokens a method proposes unless told: MTP 1 (DeepSeek-V3 ships one module); a draft model 4. */
export const DEFAULT_DRAFT_TOKENS: Readonly<Record<SpeculationMethod, number>> = { mtp: 1, draft: 4 };

/**
 * Tokens a sequence gains per step: the accepted prefix of the k drafts plus the one the verify pass always yields,
 * E = (1 - a^(k+1)) / (1 - a) (Leviathan et al., equation 1).
 * Example: MTP with k = 1 at a = 0.85: 1.85 tokens a step; a draft model with k = 4 at a = 0.7: 2.77.
 */
export function tokensPerStep(s: Speculation | undefined): number {
  if (!s) return 1;
  const { acceptance: a, draftTokens: k } = s;
  return a >= 1 ? k + 1 : (1 - a ** (k + 1)) / (1 - a);
}

/**
 * The acceptance a at which k drafts yield `tokens` a step: the inverse of tokensPerStep, by bisection (E rises with a
 * from 1 at a = 0 to k + 1 at a = 1). What a published mean acceptance length (tokens per step) says of the chance each
 * draft is accepted, under the same i.i.d. reading.
 * Example: MTP with k = 3 at 2.82 tokens a step (TensorRT-LLM on DeepSeek-R1): 1 + a + a^2 + a^3 = 2.82 at a = 0.770.
 */
export function acceptanceFor(tokens: number, draftTokens: number): number {
  if (!(tokens >= 1 && tokens <= draftTokens + 1))
    throw new ArgumentError('acceptance', `${tokens} tokens a step is not between 1 and ${draftTokens + 1} (k + 1 for k = ${draftTokens} drafts)`);
  if (tokens === 1 || tokens === draftTokens + 1) return tokens === 1 ? 0 : 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tokensPerStep({ method: 'mtp', draftTokens, acceptance: mid }) < tokens) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
