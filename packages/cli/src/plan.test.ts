import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('main plan train', () => {
  it("plan train --json prints {searched, feasible, seconds, top}, and the best plan's command runs as printed to the same tokens/s", async () => {
    const { code, out } = await run(
      'plan',
      'train',
      '--system',
      'hgx-h100',
      '--gpus',
      '64',
      '--model',
      'llama3-8b',
      '--seq',
      '8192',
      '--gbs',
      '512',
      '--top',
      '3',
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.searched).toBeGreaterThanOrEqual(r.feasible);
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.top).toHaveLength(3);
    for (const key of ['plan', 'tokensPerSecPerGpu', 'mfu', 'memoryGiB', 'breakdown', 'command']) expect(r.top[0]).toHaveProperty(key);
    const argv = (r.top[0].command as string).split(' ');
    expect(argv.slice(0, 2)).toEqual(['supernode', 'train']);
    const trained = await run(...argv.slice(1), '--json');
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.out).tokensPerSecPerGpu).toBe(r.top[0].tokensPerSecPerGpu);
  });

  it("plan train --tokens prices each plan's time and dollars to train them, as train --tokens does for the same plan", async () => {
    const flags = ['--system', 'hgx-h100', '--gpus', '64', '--model', 'llama3-8b', '--seq', '8192', '--gbs', '512'];
    const r = JSON.parse((await run('plan', 'train', ...flags, '--top', '2', '--tokens', '1e12', '--json')).out);
    const best = r.top[0];
    expect(best.timeToTrain.days).toBeCloseTo(1e12 / (best.tokensPerSecPerGpu * 64) / 86_400, 9);
    expect(best.usdToTrain).toBeCloseTo(1e6 * best.usdPerMillionTokens, 6);
    const trained = JSON.parse((await run(...(best.command as string).split(' ').slice(1), '--tokens', '1e12', '--json')).out);
    expect(trained.timeToTrain.days).toBeCloseTo(best.timeToTrain.days, 9);
    expect(trained.economics.usdPerMillionTokens).toBeCloseTo(best.usdPerMillionTokens, 9);
  });

  it('plan train refuses a search past its work limit naming --gpus, and prints its table with the command to run', async () => {
    const big = await run('plan', 'train', '--system', 'al128', '--gpus', '262144', '--model', 'moe-10t', '--seq', '32768', '--gbs', '262144');
    expect(big.code).toBe(2);
    expect(big.err).toMatch(
      /option --gpus: this run would simulate about [\d,]+ layout-GPUs, past the 3,000,000,000 a run takes by default; give --allow-large/,
    );
    const text = await run('plan', 'train', '--system', 'hgx-h100', '--gpus', '16', '--model', 'llama3-8b', '--seq', '4096', '--gbs', '64', '--top', '2');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /^llama3-8b on hgx-h100 \(16 GPUs\): \d+ layouts searched, \d+ fit, \d+ beaten by none on both speed and memory, best 2 in [\d.]+ s/,
    );
    expect(text.out).toMatch(/run the best:\n {2}supernode train --system hgx-h100 --gpus 16 --model llama3-8b --tp \d+/);
  });
});

describe('main plan serve', () => {
  it('plan serve --json ranks the configurations within the TPOT by output tokens/s per GPU, each with its cost and serve command', async () => {
    const { code, out } = await run('plan', 'serve', '--system', 'al128', '--model', 'deepseek-v3', '--slo', 'tpot=50ms', '--top', '3', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.searched).toBeGreaterThan(r.feasible);
    expect(r.feasible).toBeGreaterThan(3);
    expect(r.top).toHaveLength(3);
    for (const t of r.top) {
      for (const key of ['plan', 'outputTokensPerSecPerGpu', 'usdPerMillionTokens', 'command']) expect(t).toHaveProperty(key);
      expect(t.tpotMs).toBeLessThanOrEqual(50);
      expect(t.command).toMatch(/^supernode serve --system al128 --model deepseek-v3 --tp \d+ --dp-attention \d+/);
    }
    expect(r.top[0].outputTokensPerSecPerGpu).toBeGreaterThanOrEqual(r.top[1].outputTokensPerSecPerGpu);
    // The best one's command runs as printed, and the simulation keeps its TPOT within the SLO.
    const served = await run(...(r.top[0].command as string).split(' ').slice(1), '--json');
    expect(served.code).toBe(0);
    expect(JSON.parse(served.out).tpotMs.p50).toBeLessThanOrEqual(50);
    // A tighter TPOT leaves fewer configurations and a best no better.
    const tight = JSON.parse((await run('plan', 'serve', '--system', 'al128', '--model', 'deepseek-v3', '--slo', 'tpot=25ms', '--top', '1', '--json')).out);
    expect(tight.feasible).toBeLessThan(r.feasible);
    expect(tight.top[0]?.outputTokensPerSecPerGpu ?? 0).toBeLessThanOrEqual(r.top[0].outputTokensPerSecPerGpu);
  });

  it('plan serve needs a TPOT and refuses a TTFT, naming --slo', async () => {
    const none = await run('plan', 'serve', '--system', 'al128', '--model', 'deepseek-v3');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/option --slo: needs a time per output token, e.g. tpot=50ms/);
    const ttft = await run('plan', 'serve', '--system', 'al128', '--model', 'deepseek-v3', '--slo', 'tpot=50ms,ttft=1s');
    expect(ttft.code).toBe(2);
    expect(ttft.err).toMatch(/option --slo: plans on TPOT alone/);
  });
});
