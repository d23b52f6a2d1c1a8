import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishedCases } from '../../../test/published-cases.js';
import { defaultCasesFile } from './commands/validate.js';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'supernode-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaultCasesFile', () => {
  it("defaultCasesFile finds the repository's own validation/cases.json", () => {
    // The cases ship with the project: no folder beside the repository is needed.
    expect(defaultCasesFile()).toMatch(/[\\/]validation[\\/]cases\.json$/);
  });
});

describe('main validate', () => {
  it('main validate --json reports cases, skips and medians per set; large collectives within 10%', async () => {
    const { code, out } = await run('validate', '--json', '--fidelity', 'analytical');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.cases.length).toBeGreaterThan(40);
    for (const c of report.cases) for (const key of ['id', 'predicted', 'published', 'errorPct', 'set']) expect(c).toHaveProperty(key);
    expect(report.skipped.find((s: { id: string }) => s.id === 'coll-8xMI300X-ar').reason).toMatch(/mesh/);
    expect(report.medianAbsErrorPct.collective).toBeLessThanOrEqual(10);
    expect(report.medianAbsErrorPctLargeCollective).toBeLessThanOrEqual(10);
    expect(report.medianAbsErrorPctBySet.dev.training).not.toBeNull();
  });

  it('main validate --markdown prints the medians per set, then per set and kind a row for every case of the JSON report', async () => {
    const filter = ['--filter', 'llama3', '--fidelity', 'analytical'];
    const json = JSON.parse((await run('validate', '--json', ...filter)).out);
    const { code, out } = await run('validate', '--markdown', ...filter);
    expect(code).toBe(0);
    expect(out).toMatch(/^# Accuracy\n/);
    expect(out).toContain('| set | collective | training | inference | reliability |');
    // Expected because --filter llama3 keeps cases of both sets (the Llama 3 reliability rows, TensorRT-LLM serving, Table 4).
    expect(new Set(json.cases.map((c: { set: string }) => c.set))).toEqual(new Set(['dev', 'holdout']));
    const dev = out.indexOf('## Dev set');
    const held = out.indexOf('## Held-back set');
    expect(dev).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(dev);
    for (const c of json.cases) {
      const row = `| ${c.id}${c.unverified ? ' (unverified)' : ''} | ${c.setup} |`;
      const at = out.indexOf(row);
      expect(at, c.id).toBeGreaterThan(0);
      // Each case sits under its own set's heading, its error printed with one decimal and a sign.
      expect(c.set === 'dev' ? at > dev && at < held : at > held, c.id).toBe(true);
      expect(out.slice(at).split('\n')[0]).toMatch(new RegExp(`\\| ${c.errorPct >= 0 ? '\\+' : '-'}${Math.abs(c.errorPct).toFixed(1)}% \\|$`));
    }
  });

  it('main validate --upstream names the upstream cases the project lacks or holds changed', async () => {
    // An upstream with one new case and one of ours with another figure; the rest copied as they are.
    const [first, second, ...rest] = publishedCases;
    const upstream = [{ ...first, value: 'changed' }, second, ...rest, { ...second, id: 'new-upstream-case' }];
    const file = join(dir, 'upstream.json');
    writeFileSync(file, JSON.stringify(upstream));
    const { code, out } = await run('validate', '--upstream', file);
    expect(code).toBe(0);
    expect(out).toContain(`${publishedCases.length - 1} cases the same, 1 missing here, 1 changed`);
    expect(out).toMatch(/missing {2}new-upstream-case/);
    expect(out).toContain(`changed  ${first?.id}`);
  });

  it('main validate exits 2 naming a cases file that is not an array of cases', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ id: 'x', kind: 'training' }, 42]));
    const { code, err } = await run('validate', '--cases', file);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.json': case 1: expected an object with a string id and kind/);
  });
});

describe('main validate --plans', () => {
  it('validate --plans --json adds the plan checks of the runs the filter keeps', async () => {
    const out: string[] = [];
    const code = await main(['validate', '--plans', '--filter', 'Nemotron-340B', '--json'], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(code).toBe(0);
    const r = JSON.parse(out.join('\n'));
    expect(r.planChecks).toHaveLength(1);
    expect(r.planChecks[0]).toMatchObject({ id: 'train-nemo2407-h100-Nemotron-340B-128', fits: true, pass: true });
  });
});
