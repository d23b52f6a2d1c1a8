import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'supernode-cli-'));
function scenario(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('main describe', () => {
  it('main describe al128 --json: 128 GPUs in one domain, one switch hop, 875-1750 GB/s, within 350 kW', async () => {
    const { code, out } = await run('describe', 'al128', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.name).toBe('al128');
    expect(r.gpus).toBe(128);
    expect(r.gpu.name).toMatch(/B300/);
    expect(r.scaleUp.domainSize).toBe(128);
    expect(r.scaleUp.domains).toBe(1);
    expect(r.scaleUp.switchHops).toBe(1);
    expect(r.scaleUp.bandwidthPerGpuGBps).toBeGreaterThanOrEqual(875);
    expect(r.scaleUp.bandwidthPerGpuGBps).toBeLessThanOrEqual(1750);
    expect(r.scaleOut.bandwidthPerGpuGbps).toBe(400);
    expect(r.power.budgetKw).toBe(350);
    expect(r.power.totalKw).toBeLessThanOrEqual(350);
    expect(r.bisectionBandwidthTBps).toBeGreaterThan(0);
    expect(r.cost.capexUsd).toBeGreaterThan(0);
    expect(r.warnings).toEqual([]);
  });

  it('main describe gb200-nvl72 --json: 72 GPUs in one domain', async () => {
    const r = JSON.parse((await run('describe', 'gb200-nvl72', '--json')).out);
    expect(r.scaleUp.domainSize).toBe(72);
    expect(r.scaleUp.domains).toBe(1);
  });

  it('main describe hgx-h100 --gpus 1024 --json: 128 domains of 8', async () => {
    const r = JSON.parse((await run('describe', 'hgx-h100', '--gpus', '1024', '--json')).out);
    expect(r.gpus).toBe(1024);
    expect(r.scaleUp.domains).toBe(128);
    expect(r.scaleUp.domainSize).toBe(8);
    // 512 GPUs x 50 GB/s across the worst cut of a non-blocking fabric = 25.6 TB/s.
    expect(r.bisectionBandwidthTBps).toBeCloseTo(25.6, 6);
  });

  it('main describe prints a human table with every section', async () => {
    const { code, out } = await run('describe', 'cloudmatrix384');
    expect(code).toBe(0);
    for (const section of ['scale-up (layer 1)', 'scale-out (layer 2)', 'power and cost', 'bisection bandwidth']) expect(out).toContain(section);
  });

  it('main describe reads a scenario file that extends a preset', async () => {
    const file = scenario('cpo.yaml', 'extends: al128\nname: al128-cpo\ngpus: 256\nscaleUp:\n  medium: cpo\n');
    const r = JSON.parse((await run('describe', file, '--json')).out);
    expect(r.name).toBe('al128-cpo');
    expect(r.scaleUp.domains).toBe(2);
  });

  it('main describe says how the scale-out transport prices collectives: its share, its ramp or host time a message, what a tree chunk waits', async () => {
    const file = scenario('tcp.yaml', 'extends: hgx-h100\ngpus: 16\nscaleOut:\n  switch: tomahawk5\n  transport: tcp\n');
    const r = JSON.parse((await run('describe', file, '--json')).out);
    expect(r.scaleOut.transport).toEqual({ name: 'tcp', lineRateShare: 0.7, halfRateStepBytes: 0, messageOverheadUs: 70, treeMessageUs: 70 });
    expect((await run('describe', file)).out).toContain('transport tcp: 0.7 of the line rate at large messages; 70 us of host time a message');
    expect((await run('describe', 'hgx-h100', '--gpus', '16')).out).toContain('transport infiniband: the whole line rate at every message size');
  });
});

describe('main compare and listings', () => {
  it('main compare with no names compares the default designs', async () => {
    const { code, out } = await run('compare');
    expect(code).toBe(0);
    for (const name of ['al128', 'hgx-h100', 'gb200-nvl72']) expect(out).toContain(name);
  });

  it('main presets lists every preset with its source', async () => {
    const rows = JSON.parse((await run('presets', '--json')).out);
    expect(rows.map((r: { id: string }) => r.id)).toContain('upn512');
    for (const r of rows) expect(r.source.length).toBeGreaterThan(10);
  });

  it('main schema prints a JSON Schema with the scale-up fields', async () => {
    const schema = JSON.parse((await run('schema')).out);
    expect(schema.properties.scaleUp.properties.bandwidthPerGpu.description).toMatch(/per direction/);
    expect(schema.properties.extends.enum).toContain('al128');
  });
});

describe('main errors', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a wrong type',
      ['describe', scenario('type.yaml', 'extends: al128\nscaleUp:\n  domainSize: eight\n')],
      /type\.yaml:3:15: scaleUp\.domainSize: expected number, received string "eight"/,
    ],
    [
      'an unknown key',
      ['describe', scenario('key.yaml', 'extends: al128\nscaleOut:\n  nics: cx7\n')],
      /key\.yaml:3:3: scaleOut: unknown key 'nics' \(did you mean 'nic'\?\)/,
    ],
    [
      'a negative bandwidth',
      ['describe', scenario('neg.yaml', 'extends: al128\nscaleUp:\n  bandwidthPerGpu: -900GB/s\n')],
      /neg\.yaml:3:20: scaleUp\.bandwidthPerGpu: expected a positive value/,
    ],
    [
      'an impossible radix',
      ['describe', scenario('radix.yaml', 'extends: al128\ngpus: 600\nscaleUp:\n  domainSize: 600\nrack:\n  gpus: 600\n')],
      /scaleUp\.domainSize: a single-stage domain of 600 GPUs needs .* 'alink-102t' has 512: short by 88/,
    ],
    ['an unknown preset', ['describe', 'al12'], /unknown system 'al12' \(did you mean 'al128'\?\)/],
    ['GPUs that are not whole servers', ['describe', 'hgx-h100', '--gpus', '100'], /--gpus: 100 GPUs is not a whole number of deployment units of 8 GPUs/],
    ['a non-numeric --gpus', ['describe', 'hgx-h100', '--gpus', 'many'], /option --gpus: expected a positive whole number of GPUs, received 'many'/],
    ['a missing file', ['describe', join(dir, 'nope.yaml')], /cannot read scenario file .*nope\.yaml': no such file/],
    ['an unknown command', ['describ', 'al128'], /unknown command 'describ'/],
  ];
  it.each(cases)('main exits 2 with a clear message for %s', async (_what, argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
