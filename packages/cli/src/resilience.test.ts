import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const job = ['resilience', '--system', 'al128', '--model', 'llama3-70b', '--tp', '8', '--pp', '4', '--mbs', '1', '--gbs', '512', '--seq', '4096'];

describe('main resilience', () => {
  it('main resilience --json prints the contract fields', async () => {
    const { code, out } = await run(...job, '--spares', '16', '--tokens', '1e11', '--runs', '20', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    for (const key of ['interruptionsPerDay', 'mtbfHours', 'blastRadiusGpus', 'goodput', 'daysToTrain']) expect(r).toHaveProperty(key);
    for (const key of ['writeS', 'restoreS', 'intervalS']) expect(r.checkpoint[key]).toBeGreaterThan(0);
    expect(r.blastRadiusGpus.gpu).toBe(8);
    expect(r.monteCarlo.runs).toBe(20);
  });

  it("main resilience --help prints through the caller's io and returns 0; an unknown option returns 2", async () => {
    // Expected because main never exits the process: the subcommand inherits the program's exit override and output.
    const help = await run('resilience', '--help');
    expect([help.code, help.out]).toEqual([0, expect.stringMatching(/^Usage: supernode resilience \[options\]/)]);
    expect(help.out).toContain('--spares <n>');
    const bad = await run(...job, '--no-such-flag');
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/unknown option '--no-such-flag'/)]);
  });

  it('main resilience is bit-identical for the same seed', async () => {
    const a = await run(...job, '--spares', '16', '--seed', '3', '--runs', '20', '--json');
    const b = await run(...job, '--spares', '16', '--seed', '3', '--runs', '20', '--json');
    expect(a.out).toBe(b.out);
  });

  it('main resilience takes the train plan flags (the same options)', async () => {
    const { code, out } = await run(...job, '--zero', '2', '--recompute', 'full', '--runs', '10');
    expect(code).toBe(0);
    expect(out).toContain("Young's optimum");
  });

  it.each([
    ['--spares', '-8', /option --spares: expected a whole number from 0 to 262,144, received '-8'/],
    ['--checkpoint-interval', 'soon', /option --checkpoint-interval: expected a positive time up to 1 year, such as 300s, 500ms or 2h, received 'soon'/],
    ['--tokens', 'many', /option --tokens: expected a number > 0 and <= 1e18, received 'many'/],
    ['--storage-bandwidth', 'fast', /option --storage-bandwidth: expected a positive rate such as 2TB\/s or 400Gbps, received 'fast'/],
    ['--zero', '5', /option --zero: expected one of 0, 1, 2, 3, received '5'$/],
  ])('main resilience refuses a bad %s with exit 2', async (flag, value, message) => {
    const { code, err } = await run(...job, flag, value);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
