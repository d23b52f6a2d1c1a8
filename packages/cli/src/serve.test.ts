import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'supernode-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const llama = ['serve', '--system', 'hgx-h100', '--model', 'llama3-70b', '--tp', '8'];

describe('main serve', () => {
  it('main serve --json prints the contract fields', async () => {
    const { code, out } = await run(...llama, '--rate', '2', '--requests', '100', '--slo', 'ttft=2s,tpot=50ms', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.requests).toBe(100);
    for (const key of ['p50', 'p90', 'p99']) {
      expect(r.ttftMs).toHaveProperty(key);
      expect(r.tpotMs).toHaveProperty(key);
    }
    for (const key of ['p50', 'p99']) expect(r.e2eMs).toHaveProperty(key);
    expect(r.throughput).toHaveProperty('inputTokensPerSecPerGpu');
    expect(r.throughput).toHaveProperty('outputTokensPerSecPerGpu');
    expect(r).toHaveProperty('goodputRps');
    expect(r.kv).toHaveProperty('hitRate');
    expect(r.kv.byTier).toHaveProperty('hbm');
    expect(r.gpus).toBe(8);
  });

  it('main serve reports the deployment under failures: spares shorten outages, bad --spares exits 2 naming it', async () => {
    const base = [...llama, '--gpus', '64', '--rate', '2', '--requests', '50', '--json'];
    const none = JSON.parse((await run(...base, '--spares', '0')).out).availability;
    const eight = JSON.parse((await run(...base, '--spares', '8')).out).availability;
    expect(none.replicas).toBe(8);
    expect(none.spareGpus).toBe(0);
    expect(eight.meanOutageS).toBeLessThan(none.meanOutageS);
    expect(eight.availability).toBeGreaterThan(none.availability);
    const text = await run(...llama, '--gpus', '64', '--rate', '2', '--requests', '50');
    expect(text.out).toMatch(/under failures .*% up \(a replica stops every [\d,.]+ h for [\d,.]+ min; 0 spare GPUs\)/);
    const bad = await run(...llama, '--rate', '2', '--requests', '10', '--spares', 'many');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/option --spares: expected a whole number >= 0, received 'many'/);
  });

  it('main serve --fail runs on the degraded fabric at flow fidelity (a scale-up plane down stretches TPOT) and asks for it otherwise', async () => {
    const base = ['serve', '--system', 'hpn-h800', '--gpus', '16', '--model', 'llama3-8b', '--tp', '8', '--rate', '2', '--requests', '20', '--json'];
    const healthy = JSON.parse((await run(...base, '--fidelity', 'flow')).out);
    const degraded = JSON.parse((await run(...base, '--fidelity', 'flow', '--fail', 'plane:scale-up:plane=1')).out);
    expect(degraded.tpotMs.p50).toBeGreaterThan(healthy.tpotMs.p50);
    const analytical = await run(...base, '--fail', 'plane:scale-up:plane=1');
    expect(analytical.code).toBe(2);
    expect(analytical.err).toMatch(/failures and slow links apply at flow fidelity/);
  });

  it('main serve prints percentiles and a TTFT histogram', async () => {
    const { code, out } = await run(...llama, '--rate', '2', '--requests', '50', '--input-len', 'uniform:500:1500', '--output-len', '64');
    expect(code).toBe(0);
    expect(out).toMatch(/TTFT \(ms\)/);
    expect(out).toMatch(/TTFT histogram \(ms\)/);
  });

  it('main serve replays a Mooncake trace, and names the line and field of a malformed one', async () => {
    const good = join(dir, 'good.jsonl');
    writeFileSync(
      good,
      '{"timestamp": 0, "input_length": 900, "output_length": 20, "hash_ids": [1]}\n{"timestamp": 500, "input_length": 900, "output_length": 20, "hash_ids": [1]}\n',
    );
    const ok = await run(...llama, '--trace', good, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).requests).toBe(2);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"timestamp": 0, "input_length": 900, "output_length": 20}\n{"timestamp": 5, "output_length": 20}\n');
    const { code, err } = await run(...llama, '--trace', bad);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.jsonl:2\.input_length: expected a positive whole number of tokens, received undefined/);
  });

  it('main serve replays an Azure CSV trace read line by line, stops reading at --requests, and names the line and value of a bad row', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `2023-11-16 18:15:${String(i).padStart(2, '0')}.5000000,${400 + 10 * i},${20 + i}`);
    const trace = join(dir, 'azure.csv');
    // Past row 30: a 31st of November, then bytes that are not text at all.
    writeFileSync(
      trace,
      Buffer.concat([
        Buffer.from(['TIMESTAMP,ContextTokens,GeneratedTokens', ...rows.slice(0, 30), '2023-11-31 10:00:00,10,10', ''].join('\n')),
        Buffer.from([0xff, 0xfe, 0x0a]),
      ]),
    );
    const first = await run(...llama, '--trace', trace, '--requests', '30', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).requests).toBe(30);
    const all = await run(...llama, '--trace', trace, '--json');
    expect(all.code).toBe(2);
    expect(all.err).toMatch(
      /azure\.csv:32\.TIMESTAMP: expected a date-time such as 2023-11-16 18:15:46\.6805900 \(a real date, UTC\) or seconds .*, received "2023-11-31 10:00:00"/,
    );
    const latin = join(dir, 'latin1.csv');
    writeFileSync(latin, Buffer.concat([Buffer.from(`TIMESTAMP,ContextTokens,GeneratedTokens\n${rows[0]}\n`), Buffer.from([0xe9, 0x0a])]));
    const binary = await run(...llama, '--trace', latin);
    expect(binary.code).toBe(2);
    expect(binary.err).toMatch(/trace file '.*latin1\.csv' is not UTF-8 text \(line 3\); expected CSV or JSON lines/);
  });

  it.each([
    [
      'a model that does not fit its replica',
      ['--model', 'llama3.1-405b', '--tp', '1', '--rate', '1', '--requests', '5'],
      /does not fit a replica of 1 GPUs: weights .* GiB per GPU/,
    ],
    ['--max-rate without an SLO', ['--rate', '1', '--requests', '5', '--max-rate'], /option --slo: the highest rate within the SLO needs an SLO/],
    ['a malformed --input-len', ['--rate', '1', '--requests', '5', '--input-len', 'gauss:5'], /option --input-len: 'gauss:5' is not a length/],
    ['a malformed --slo', ['--rate', '1', '--requests', '5', '--slo', 'latency=2s'], /option --slo: 'latency' is not ttft or tpot/],
    [
      'an unknown --router',
      ['--rate', '1', '--requests', '5', '--router', 'random'],
      /option --router: expected one of round-robin, least-load, prefix-aware, received 'random'/,
    ],
    [
      'an unknown --fidelity',
      ['--rate', '1', '--requests', '5', '--fidelity', 'packet'],
      /option --fidelity: expected one of analytical, flow, received 'packet'/,
    ],
  ])('main serve exits 2 for %s', async (_what, args, message) => {
    const { code, err } = await run('serve', '--system', 'hgx-h100', '--model', 'llama3-70b', '--tp', '8', ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('main serve --capacity puts one 128-GPU domain ahead of the same GPUs in 8-GPU domains at one TPOT (the 10T+ first cut)', async () => {
    // moe-10t's expert all-to-all stays on the scale-up fabric in one AL128 domain; in 8-GPU domains it crosses the NICs.
    const args = ['--model', 'moe-10t', '--dp-attention', '128', '--ep', '--precision', 'fp8', '--kv-bytes', '1', '--input-len', '4096', '--output-len', '512'];
    const rate = async (system: string) => {
      const { code, out } = await run('serve', '--system', system, ...args, '--slo', 'tpot=50ms', '--capacity', '--json');
      expect(code).toBe(0);
      return JSON.parse(out).decodeTokensPerSecPerGpu as number;
    };
    const one = await rate('al128');
    expect(one).toBeGreaterThan(2 * (await rate('examples/al128-domains-of-8.yaml')));
  });

  it('main serve --compare-tiers serves one load under each tier list, and a shared CXL pool lowers TTFT across replicas', async () => {
    // Round-robin routing scatters a session's turns over the replicas: only a tier all of them share can hit.
    const load = [
      '--rate',
      '3',
      '--requests',
      '600',
      '--turns',
      '4',
      '--think',
      '20s',
      '--input-len',
      'lognormal:4000:0.5',
      '--output-len',
      'lognormal:300:0.5',
    ];
    const { code, out } = await run(
      'serve',
      '--system',
      'al128',
      '--model',
      'llama3-70b',
      '--tp',
      '8',
      ...load,
      '--router',
      'round-robin',
      '--compare-tiers',
      'hbm;hbm,cxl',
      '--json',
    );
    expect(code).toBe(0);
    const [hbm, cxl] = JSON.parse(out);
    expect(cxl.kv.hitRate).toBeGreaterThan(hbm.kv.hitRate + 0.3);
    expect(cxl.ttftMs.p50).toBeLessThan(hbm.ttftMs.p50);
  });
});
