import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args/define.js';
import { capacityCommand } from '../commands/capacity.js';
import { serveCommand } from '../commands/serve.js';
import { buildPreset } from '../test-support.js';
import { acceptanceFor, DEFAULT_ACCEPTANCE, tokensPerStep } from './speculation.js';

describe('tokensPerStep', () => {
  it('tokensPerStep is (1 - a^(k+1)) / (1 - a): 1.85 for MTP k = 1 at 85%, 2.77 for k = 4 at 70%, k + 1 when every draft lands', () => {
    expect(tokensPerStep(undefined)).toBe(1);
    expect(tokensPerStep({ method: 'mtp', draftTokens: 1, acceptance: 0.85 })).toBeCloseTo(1.85, 12);
    expect(tokensPerStep({ method: 'draft', draftTokens: 4, acceptance: 0.7 })).toBeCloseTo((1 - 0.7 ** 5) / 0.3, 12);
    expect(tokensPerStep({ method: 'draft', draftTokens: 4, acceptance: 1 })).toBe(5);
    expect(DEFAULT_ACCEPTANCE).toEqual({ mtp: 0.85, draft: 0.7 });
  });
});

describe('acceptanceFor', () => {
  it('acceptanceFor inverts tokensPerStep: 2.82 tokens a step from 3 drafts is a = 0.770, since 1 + a + a^2 + a^3 = 2.82 there', () => {
    const a = acceptanceFor(2.82, 3);
    expect(1 + a + a ** 2 + a ** 3).toBeCloseTo(2.82, 9);
    expect(a).toBeCloseTo(0.77, 2);
    // One draft accepted 92% of the time is 1.92 tokens a step; the ends are a = 0 (1 token) and a = 1 (k + 1).
    expect(acceptanceFor(1.92, 1)).toBeCloseTo(0.92, 9);
    expect(acceptanceFor(1, 2)).toBeCloseTo(0, 9);
    expect(acceptanceFor(3, 2)).toBeCloseTo(1, 9);
    expect(() => acceptanceFor(3.5, 2)).toThrow(/^acceptance: 3.5 tokens a step is not between 1 and 3/);
  });
});

describe('speculative decoding in serve and capacity', () => {
  const h100 = buildPreset('hgx-h100', {}, 16);
  const base = { model: 'deepseek-v3', dpAttention: 16, ep: true, precision: 'fp8', rate: 4, requests: 150, inputLen: 1024, outputLen: 512 };
  const serve = (extra: Record<string, unknown>) => serveCommand.run(h100, parseArgs(serveCommand.args, { ...base, ...extra }), {}).report;

  it('MTP shortens TPOT by less than its 1.85 tokens a step (the verify pass and the draft cost), as DeepSeek-V3 reports 1.8x', () => {
    const plain = serve({});
    const mtp = serve({ speculative: 'mtp' });
    const speedup = plain.tpotMs.p50 / mtp.tpotMs.p50;
    expect(speedup).toBeGreaterThan(1.4);
    expect(speedup).toBeLessThan(1.85);
    // Three drafts at 85% yield 3.2 tokens a step: shorter still.
    expect(serve({ speculative: 'mtp', draftTokens: 3 }).tpotMs.p50).toBeLessThan(mtp.tpotMs.p50);
    // A lower acceptance gains less.
    expect(serve({ speculative: 'mtp', acceptance: 0.5 }).tpotMs.p50).toBeGreaterThan(mtp.tpotMs.p50);
  });

  it('capacity: MTP serves more decode tokens per GPU within the same TPOT', () => {
    const args = { model: 'deepseek-v3', dpAttention: 16, ep: true, precision: 'fp8', slo: 'tpot=20ms', inputLen: 2048, outputLen: 512 };
    const run = (extra: Record<string, unknown>) => capacityCommand.run(h100, parseArgs(capacityCommand.args, { ...args, ...extra }), {});
    expect(run({ speculative: 'mtp' }).decodeTokensPerSecPerGpu).toBeGreaterThan(run({}).decodeTokensPerSecPerGpu);
  });

  it('speculation settings without a method, and a draft method without its model, are refused naming the field', () => {
    expect(() => serve({ draftTokens: 2 })).toThrow(/^draftTokens: applies to speculative decoding; give speculative mtp or draft$/);
    expect(() => serve({ speculative: 'draft' })).toThrow(/^draftModel: speculative draft needs a draft model/);
    expect(() => serve({ speculative: 'mtp', draftModel: 'llama3-8b' })).toThrow(/^draftModel: mtp drafts with the model's own module/);
  });
});
