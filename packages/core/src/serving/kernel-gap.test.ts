import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args/define.js';
import { CollectiveSession } from '../comm/run.js';
import { serveCommand } from '../commands/serve.js';
import { KERNEL_GAP_S } from '../compute/kernel-floors.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { StepCostModel } from './step-cost.js';

describe('the gap between dependent kernels of a serving step', () => {
  const h200 = buildPreset('hgx-h200');
  const decode = { decodes: 1, decodeKvTokens: 1000, prefillTokens: 0, prefillPairs: 0, sampled: 1 };
  const step = (model: string, tp: number, gap?: number) =>
    new StepCostModel(
      models.get(model),
      { tp, dpAttention: 1, ep: 1, precision: 'bf16', kvBytesPerElement: 2, ...(gap === undefined ? {} : { kernelGapS: gap }) },
      new CollectiveSession(h200),
    ).step(decode);

  it('adds one gap per kernel the step runs: a Llama-3-8B decode on one GPU runs 8 a layer (7 ops and attention) and the head', () => {
    const withGap = step('llama3-8b', 1);
    const without = step('llama3-8b', 1, 0);
    expect(withGap.seconds - without.seconds).toBeCloseTo((32 * 8 + 1) * KERNEL_GAP_S, 12);
  });

  it('counts the two tensor-parallel all-reduces of a layer as kernels too', () => {
    const extra = step('llama3-8b', 2).seconds - step('llama3-8b', 2, 0).seconds;
    expect(extra).toBeCloseTo((32 * 10 + 1) * KERNEL_GAP_S, 12);
  });

  it('is an engine setting the command line overrides: --kernel-gap 0 shortens TPOT by the gaps', () => {
    const args = { model: 'llama3-8b', tp: 1, precision: 'bf16', requests: 4, rate: 0.5, inputLen: '128', outputLen: '64' };
    const tpot = (extra: Record<string, unknown>) => serveCommand.run(h200, parseArgs(serveCommand.args, { ...args, ...extra }), {}).report.tpotMs.p50;
    const fitted = tpot({});
    const none = tpot({ kernelGap: '0us' });
    expect(fitted - none).toBeGreaterThan(0.9 * 257 * KERNEL_GAP_S * 1000);
    // Twice the fitted gap adds as much again.
    expect(tpot({ kernelGap: `${2 * KERNEL_GAP_S * 1e6}us` }) - fitted).toBeCloseTo(fitted - none, 1);
    expect(() => parseArgs(serveCommand.args, { ...args, kernelGap: '5ms' })).toThrow(/expected a time up to 1 ms, such as 4us or 0\.5ms, received '5ms'/);
  });
});
