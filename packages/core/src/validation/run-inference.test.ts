import { describe, expect, it } from 'vitest';
import { publishedCases } from '../../../../test/published-cases.js';
import { validateInferenceCase } from './run-inference.js';
import { caseSet, median, type PublishedCase, type ValidationRow } from './types.js';

const inference = publishedCases.filter((c) => c.kind === 'inference') as PublishedCase[];
const rowsOf = (c: PublishedCase): ValidationRow[] => {
  const outcome = validateInferenceCase(c, 'analytical');
  return 'rows' in outcome ? outcome.rows : [];
};

describe('validateInferenceCase', () => {
  it('validateInferenceCase expresses every dev inference case or says why not, within the 15% median bar', () => {
    const dev = inference.filter((c) => caseSet(c) === 'dev');
    for (const c of dev) {
      const outcome = validateInferenceCase(c, 'analytical');
      if ('skip' in outcome) expect(outcome.skip.length, c.id).toBeGreaterThan(20);
    }
    const rows = dev.flatMap(rowsOf);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(median(rows.map((r) => Math.abs(r.errorPct)))).toBeLessThanOrEqual(15);
  });

  it('validateInferenceCase runs an open loop: mean TTFT grows with the rate, and below saturation output follows arrivals', () => {
    const c = inference.find((x) => x.id === 'inf-trtllm014-serve-llama31-70b-h100-tp4');
    if (!c) throw new Error('validation/cases.json has no TensorRT-LLM online serving case');
    const rows = new Map(rowsOf(c).map((r) => [r.id.split('#')[1], r]));
    const ttft = (rate: string) => rows.get(`467_256_qps${rate}_mean_ttft_ms`)?.predicted ?? Number.NaN;
    expect(ttft('2')).toBeLessThan(ttft('16'));
    expect(ttft('16')).toBeLessThan(ttft('32'));
    expect(ttft('32')).toBeLessThan(ttft('INF'));
    // Expected because at 32 requests/s of 256 output tokens the 4 GPUs saturate (published 16 requests/s): output is
    // capped by the iteration rate, not by the 8,192 tokens/s that arrive.
    expect(rows.get('467_256_qps32_output_tok_per_s')?.predicted).toBeLessThan(32 * 256);
    expect(caseSet(c)).toBe('holdout');
  });

  it('validateInferenceCase expresses every inference case of cases.json or gives the reason it cannot', () => {
    // A case with no expression at all would be skipped with the generic reason: each case states its own instead.
    for (const c of inference) {
      const outcome = validateInferenceCase(c, 'analytical');
      if ('skip' in outcome) expect(outcome.skip, c.id).not.toMatch(/^no expression maps/);
    }
  });

  it('validateInferenceCase runs a ratio: each MTP speedup of tech blog 1 exceeds 1 and stays below its tokens a step', () => {
    // Expected because a step of k drafts and a verify pass of k + 1 queries costs more than a plain step, and yields
    // the published tokens a step on average: the per-user speedup is E x (plain step / speculative step) < E.
    const c = inference.find((x) => x.id === 'inf-trtllm-blog1-b200-mtp-speedup');
    if (!c) throw new Error('validation/cases.json has no TensorRT-LLM MTP speedup case');
    const rows = new Map(rowsOf(c).map((r) => [r.id.split('#')[1], r]));
    const tokensPerStep = { mtp1_speedup: 1.92, mtp2_speedup: 2.58, mtp3_speedup: 2.82, mtp4_speedup: 2.99, mtp5_speedup: 3.01 };
    for (const [key, e] of Object.entries(tokensPerStep)) {
      const row = rows.get(key);
      expect(row?.unit, key).toBe('x');
      expect(row?.predicted, key).toBeGreaterThan(1);
      expect(row?.predicted, key).toBeLessThan(e);
    }
    expect(caseSet(c)).toBe('holdout');
  });

  it('validateInferenceCase compares the supernode with the node: GB200 NVL72 decode per GPU over H100 decode per GPU', () => {
    const gb200 = inference.find((x) => x.id === 'inf-sglang-gb200-nvl72-pd-largeep-decode');
    const h100 = inference.find((x) => x.id === 'inf-sglang-h100-pd-largeep');
    if (!gb200 || !h100) throw new Error('validation/cases.json lacks the SGLang GB200 or H100 decode case');
    const rows = new Map(rowsOf(gb200).map((r) => [r.id.split('#')[1], r.predicted]));
    const node = rowsOf(h100).find((r) => r.id.endsWith('#decode_2K_bs256_output_tok_per_s_per_node'))?.predicted ?? Number.NaN;
    // The H100 figure is per 8-GPU node; the ratio is per GPU.
    expect(rows.get('speedup_vs_h100_per_gpu')).toBeCloseTo((rows.get('decode_2K_output_tok_per_s_per_gpu') ?? 0) / (node / 8), 9);
  });
});
