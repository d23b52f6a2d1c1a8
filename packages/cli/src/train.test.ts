import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const plan = ['--system', 'hgx-h100', '--gpus', '64', '--model', 'llama2-70b', '--mbs', '1', '--gbs', '128', '--seq', '4096'];

describe('main train', () => {
  it('main train --json prints the contract fields', async () => {
    const { code, out } = await run('train', ...plan, '--tp', '4', '--pp', '4', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    for (const key of ['iterationTimeS', 'tokensPerSecPerGpu', 'modelTflopsPerGpu', 'hardwareTflopsPerGpu', 'mfu', 'fits']) expect(r).toHaveProperty(key);
    for (const key of ['weights', 'gradients', 'optimizer', 'activations', 'total']) expect(r.memoryPerGpuGiB).toHaveProperty(key);
    for (const key of ['tp', 'pp', 'dp', 'ep', 'cp']) expect(r.breakdown.exposedCommS).toHaveProperty(key);
    expect(r.mfu).toBeGreaterThan(0);
    expect(r.mfu).toBeLessThan(1);
  });

  it('main train prints a summary and a breakdown bar', async () => {
    const { code, out } = await run('train', ...plan, '--tp', '4', '--pp', '4', '--vpp', '5');
    expect(code).toBe(0);
    expect(out).toMatch(/breakdown \[#+/);
    expect(out).toContain('model TFLOP/s per GPU');
  });

  it.each([
    ['TP not dividing heads', ['--tp', '3', '--pp', '1'], /--tp: TP 3 does not divide the 64 attention heads/],
    ['PP not dividing layers', ['--tp', '4', '--pp', '3'], /--pp: PP 3 does not divide the 80 layers/],
    ['GPUs not the product', ['--tp', '4', '--pp', '4', '--dp', '2'], /--dp: TP 4 x PP 4 x DP 2 x CP 1 = 32 GPUs/],
    ['an unknown model', ['--tp', '4', '--pp', '4', '--model', 'llama9'], /unknown model 'llama9'/],
    ['a bad precision', ['--tp', '4', '--pp', '4', '--precision', 'fp4'], /option --precision: 'fp4' is not one of bf16, fp8/],
  ])('main train exits 2 for %s', async (_what, args, message) => {
    const { code, err } = await run('train', ...plan, ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
