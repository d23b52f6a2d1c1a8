import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'supernode-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, axes: string, extra = '') => {
  const file = join(dir, name);
  writeFileSync(
    file,
    `command: train
system: hgx-h100
gpus: 64
args: { model: llama3-8b, tp: 1, pp: 1, mbs: 1, gbs: 128, seq: 4096 }
axes:
${axes}
${extra}`,
  );
  return file;
};

describe('main sweep', () => {
  const spec = write(
    'tp.yaml',
    '  - { path: args.tp, values: [1, 2, 3, 4] }\n  - { path: args.recompute, values: [none, full] }',
    'objectives: [ { metric: tokensPerSecPerGpu, goal: max }, { metric: memoryPerGpuGiB, goal: min } ]\nconstraints: [ fits ]',
  );
  const out = join(dir, 'tp.duckdb');

  it('main sweep --json prints the contract fields, and a rerun skips every stored point', async () => {
    const first = await run('sweep', spec, '--out', out, '--workers', '1', '--json');
    expect(first.code, first.err).toBe(0);
    const s = JSON.parse(first.out);
    // TP 3 divides none of Llama-3-8B's 32 heads: 2 of the 8 points fail, with their reason kept.
    expect([s.points, s.completed, s.skipped, s.failed, s.outFile]).toEqual([8, 8, 0, 2, out]);
    expect(s.best[0]['args.tp']).toBe(1);
    const again = JSON.parse((await run('sweep', spec, '--out', out, '--workers', '1', '--json')).out);
    expect([again.completed, again.skipped]).toEqual([0, 8]);
  });

  it('main pareto --json prints the front, and --plot writes an SVG of it', async () => {
    const plot = join(dir, 'front.svg');
    const r = await run('pareto', out, '--x', 'tokensPerSecPerGpu', '--y', 'memoryPerGpuGiB', '--minimize', 'memoryPerGpuGiB', '--plot', plot, '--json');
    expect(r.code, r.err).toBe(0);
    const front = JSON.parse(r.out) as { tokensPerSecPerGpu: number; memoryPerGpuGiB: number }[];
    expect(front.length).toBeGreaterThan(1);
    // Expected because along a front one metric can only improve by giving up the other.
    for (let i = 1; i < front.length; i++) {
      expect(front[i]?.tokensPerSecPerGpu).toBeLessThan(front[i - 1]?.tokensPerSecPerGpu as number);
      expect(front[i]?.memoryPerGpuGiB).toBeLessThan(front[i - 1]?.memoryPerGpuGiB as number);
    }
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
  });

  it('main best prints the best point per axis value in order, with the knee', async () => {
    const r = await run('best', out, '--by', 'args.recompute', '--metric', 'memoryPerGpuGiB', '--minimize', '--json');
    expect(r.code, r.err).toBe(0);
    const b = JSON.parse(r.out);
    // Two groups, 'full' before 'none'; full recomputation holds less memory, so the climb stops at the first group.
    expect(b.best.map((row: Record<string, unknown>) => row['args.recompute'])).toEqual(['full', 'none']);
    expect(b.knee).toBe('full');
    const bad = await run('best', out, '--by', 'args.tpp', '--metric', 'mfu');
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/option --by: 'args.tpp' is not a column/)]);
  });

  it('main sweep refuses a results file written for another spec', async () => {
    const other = write('other.yaml', '  - { path: args.tp, values: [1, 2] }');
    const r = await run('sweep', other, '--out', out, '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds the points of another sweep/);
  });

  it.each([
    [
      'an unknown field path',
      '  - { path: system.scaleUp.domainSzie, values: [8] }',
      /axis 'system.scaleUp.domainSzie': unknown field path: no field 'domainSzie'/,
    ],
    ['an empty axis', '  - { path: args.tp, values: [] }', /axes\.0\.values: empty axis: 'args.tp' lists no values/],
    [
      'a __proto__ path segment',
      '  - { path: system.__proto__.x, values: [1] }',
      /axis 'system.__proto__.x': segment '__proto__' names JavaScript's object machinery, not a field; expected gpus, system.<scenario field> or args.<train argument>/,
    ],
  ])('main sweep exits 2 for %s, before writing a results file', async (_what, axes, message) => {
    const bad = write('bad.yaml', axes);
    const target = join(dir, 'bad.duckdb');
    const r = await run('sweep', bad, '--out', target);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(target)).toBe(false);
  });

  it('main sweep runs a decimal range as 11 points: 1.0 to 2.0 in 11 steps is 1, 1.1, ..., 2', async () => {
    // YAML reads 1.0 as the number 1; before, whole-looking ends made the range whole numbers and left 2 points of 11.
    const file = join(dir, 'pue.yaml');
    writeFileSync(file, 'command: describe\nsystem: hgx-h100\ngpus: 8\naxes:\n  - {path: system.facility.pue, range: {from: 1.0, to: 2.0, steps: 11}}\n');
    const csv = join(dir, 'pue.csv');
    const r = await run('sweep', file, '--out', join(dir, 'pue.duckdb'), '--workers', '1', '--csv', csv, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).points).toBe(11);
    const pue = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(/"\{""system\.facility\.pue"":([\d.]+)\}"/.exec(line)?.[1]));
    expect(pue).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
  });

  it.each([
    [
      'an integer range with more steps than whole numbers',
      '  - { path: args.tp, range: { from: 1, to: 4, steps: 7, integer: true } }',
      /axes\.0\.range \(axis 'args\.tp'\): integer: true rounds its 7 steps from 1 to 4 to \[1, 2, 2, 3, 3, 4, 4\], repeating 2; 1 to 4 holds 4 whole numbers/,
    ],
    [
      'a list with a repeated value',
      '  - { path: args.tp, values: [1, 2, 2.0] }',
      /axes\.0\.values \(axis 'args\.tp'\): 2 appears more than once in \[1, 2, 2\]/,
    ],
  ])('main sweep exits 2 for %s, naming the axis and its values, before writing a results file', async (_what, axes, message) => {
    const bad = write('repeat.yaml', axes);
    const target = join(dir, 'repeat.duckdb');
    const r = await run('sweep', bad, '--out', target);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(target)).toBe(false);
  });

  it.each([
    ['a parent folder', '../escaped'],
    ['a path', 'sub/escaped'],
    ['an absolute path', join(dir, 'escaped')],
    ['a bare ..', '..'],
  ])('main sweep exits 2 for a spec name holding %s, naming the field, before writing anything', async (_what, name) => {
    const bad = write('named.yaml', '  - { path: args.tp, values: [1] }', `name: ${JSON.stringify(name)}`);
    const r = await run('sweep', bad, '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`named.yaml: name: '${name}' is not a plain file name, and a sweep's name names its results file`);
    expect(r.err).not.toMatch(/\n\s+at /);
    // Where the default results file would have gone (<name>.duckdb from the working folder): nothing there.
    expect(existsSync(resolve(`${name}.duckdb`))).toBe(false);
  });

  it.each([
    ['--out', (missing: string) => ['--out', join(missing, 'r.duckdb')]],
    ['--csv', (missing: string) => ['--out', join(dir, 'flags.duckdb'), '--csv', join(missing, 'r.csv')]],
    ['--parquet', (missing: string) => ['--out', join(dir, 'flags.duckdb'), '--parquet', join(missing, 'r.parquet')]],
  ])('main sweep exits 2 for %s in a missing folder before any point runs', async (flag, flags) => {
    const missing = join(dir, 'no-such-folder');
    const r = await run('sweep', spec, '--workers', '1', ...flags(missing));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: option ${flag}: cannot write '${flags(missing).at(-1)}': no folder '${missing}'`);
    expect(existsSync(join(dir, 'flags.duckdb'))).toBe(false);
  });

  it('main pareto exits 2 for --plot in a missing folder before reading the results', async () => {
    const plot = join(dir, 'no-such-folder', 'front.svg');
    const r = await run('pareto', join(dir, 'no-results-here.duckdb'), '--x', 'mfu', '--y', 'fits', '--plot', plot);
    expect([r.code, r.err]).toEqual([2, `error: option --plot: cannot write '${plot}': no folder '${join(dir, 'no-such-folder')}'`]);
    expect(existsSync(join(dir, 'no-results-here.duckdb'))).toBe(false);
  });
});
