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
      expect(r.itlMs).toHaveProperty(key);
    }
    for (const key of ['p50', 'p99']) expect(r.e2eMs).toHaveProperty(key);
    expect(r.throughput).toHaveProperty('inputTokensPerSecPerGpu');
    expect(r.throughput).toHaveProperty('outputTokensPerSecPerGpu');
    expect(r).toHaveProperty('goodputRps');
    expect(r.kv).toHaveProperty('hitRate');
    expect(Object.keys(r.kv.byTier.hbm).sort()).toEqual(['blocksHit', 'capacityMultiplier', 'hitRate', 'tokensPerGpu']);
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
    expect(bad.err).toMatch(/option --spares: expected a whole number from 0 to 262,144, received 'many'/);
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

  it('main serve --weight-offload holds the layers a replica lacks room for in host memory and says so; --offload-layers alone exits 2 naming it', async () => {
    const two = ['serve', '--system', 'gb200-nvl72', '--model', 'deepseek-v3', '--dp-attention', '2', '--ep', '--precision', 'nvfp4', '--replicas', '1'];
    const load = ['--requests', '4', '--rate', '100', '--input-len', '2000', '--output-len', '16'];
    const refused = await run(...two, ...load);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/does not fit a replica of 2 GPUs.*weight offload \(weightOffload\)/);
    const held = await run(...two, ...load, '--weight-offload', 'dram');
    expect(held.code).toBe(0);
    expect(held.out).toMatch(/weights: \d+ layers off the GPU in host memory \([\d.]+ GiB a GPU each, [\d.]+ ms to stream one in\)/);
    const json = JSON.parse((await run(...two, ...load, '--weight-offload', 'dram', '--offload-layers', '20', '--json')).out);
    expect(json.deployment.weightOffload).toMatchObject({ tier: 'dram', layers: 20 });
    const stray = await run(...two, ...load, '--offload-layers', '20');
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/option --offload-layers: applies with --weight-offload dram or cxl/);
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
    const args = [
      '--model',
      'moe-10t',
      '--dp-attention',
      '128',
      '--ep',
      '--precision',
      'fp8',
      '--kv-precision',
      'fp8',
      '--input-len',
      '4096',
      '--output-len',
      '512',
    ];
    const rate = async (system: string) => {
      const { code, out } = await run('serve', '--system', system, ...args, '--slo', 'tpot=50ms', '--capacity', '--json');
      expect(code).toBe(0);
      return JSON.parse(out).decodeTokensPerSecPerGpu as number;
    };
    const one = await rate('al128');
    expect(one).toBeGreaterThan(2 * (await rate('examples/al128-domains-of-8.yaml')));
  });

  it('main serve --capacity --batch and --curve --precisions take the capacity and curve flags as those commands do; without their mode they exit 2', async () => {
    const flags = ['--system', 'hgx-h100', '--model', 'llama3-8b', '--input-len', '1024', '--output-len', '128', '--json'];
    const viaServe = await run('serve', ...flags, '--capacity', '--batch', '64');
    const direct = await run('capacity', ...flags, '--batch', '64');
    expect(viaServe.code).toBe(0);
    expect(JSON.parse(viaServe.out)).toEqual(JSON.parse(direct.out));
    const curve = await run('serve', ...flags, '--curve', '--precisions', 'fp8', '--max-gpus-per-replica', '2');
    expect(curve.code).toBe(0);
    for (const p of JSON.parse(curve.out).points) expect(p.config.precision).toBe('fp8');
    const stray = await run('serve', ...flags, '--batch', '64', '--requests', '10');
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/option --batch: applies to --capacity only/);
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

  it('main serve refuses a run past its work limit before generating a request, naming the flag that sizes it and --allow-large', async () => {
    const { code, err } = await run('serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--rate', '10', '--requests', '2000000');
    expect(code).toBe(2);
    expect(err).toBe(
      'error: option --requests: this run would simulate about 2,000,000 requests, past the 50,000 a run takes by default; give --allow-large to run it anyway',
    );
  });

  it('main serve runs a closed loop from a concurrency alone (no rate) and asks for its number of requests', async () => {
    const base = ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--concurrency', '8'];
    const r = JSON.parse((await run(...base, '--requests', '64', '--json')).out);
    expect(r.requests).toBe(64);
    // Little's law on a closed loop: about 8 requests in the system at a time (the clients start together), fewer while
    // the last wave drains (each client's eight requests differ in length, so its last ends at its own time).
    expect(r.littlesLaw.meanInSystem).toBeGreaterThan(5.5);
    expect(r.littlesLaw.meanInSystem).toBeLessThanOrEqual(8.01);
    const none = await run(...base);
    expect([none.code, none.err]).toEqual([2, 'error: option --requests: a closed loop serves a number of requests; give it']);
    const search = await run(...base, '--requests', '64', '--slo', 'tpot=50ms', '--max-rate');
    expect([search.code, search.err]).toEqual([
      2,
      'error: option --max-rate: searches the arrival rate of an open loop; a closed loop (concurrency) is paced by its clients',
    ]);
  });

  it("main serve starts a closed loop's clients together: the first wave of a thousand clients all wait, none arrives a second late", async () => {
    const base = ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--concurrency', '1000', '--requests', '1000', '--json'];
    const together = JSON.parse((await run(...base)).out);
    // A thousand requests of 8B on one H100 replica at once: every one is in the system from t = 0, none trickles in
    // (the ramp a nominal rate of one a second would draw spreads them over some 1,000 s).
    expect(together.ttftMs.p50).toBeLessThan(60_000);
    const ramped = JSON.parse((await run(...base, '--rate', '1')).out);
    expect(ramped.littlesLaw.meanInSystem).toBeLessThan(together.littlesLaw.meanInSystem / 2);
  });

  it('main capacity decodes at a given batch without a TPOT, and refuses a batch beside a TPOT', async () => {
    const base = ['capacity', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8'];
    const small = JSON.parse((await run(...base, '--batch', '8', '--json')).out);
    const large = JSON.parse((await run(...base, '--batch', '128', '--json')).out);
    expect([small.tpotTargetMs, small.decodeBatchPerGroup]).toEqual([null, 8]);
    // A larger batch takes a longer step and serves more tokens per second per GPU.
    expect(large.decodeStepMs).toBeGreaterThan(small.decodeStepMs);
    expect(large.decodeTokensPerSecPerGpu).toBeGreaterThan(small.decodeTokensPerSecPerGpu);
    const both = await run(...base, '--batch', '8', '--slo', 'tpot=50ms');
    expect([both.code, both.err]).toEqual([2, 'error: option --batch: sizes the decode batch as given; give it or a TPOT in the SLO, not both']);
  });

  it('main serve --precision nvfp4 and mxfp4 run on Blackwell: block-scaled 4-bit weights shrink the weights; decode gains at large batches, as the measured kernels run', async () => {
    const base = ['serve', '--system', 'gb200-nvl72', '--model', 'llama3-70b', '--tp', '4', '--rate', '20', '--requests', '100', '--json'];
    const [fp8, nvfp4, mxfp4] = await Promise.all(['fp8', 'nvfp4', 'mxfp4'].map(async (p) => JSON.parse((await run(...base, '--precision', p)).out)));
    // Weights: 1 B an element in FP8, 0.5625 B in NVFP4 (a 1-byte scale per 16), 0.53125 B in MXFP4 (one per 32).
    expect(nvfp4.deployment.weightsPerGpuGiB / fp8.deployment.weightsPerGpuGiB).toBeCloseTo(0.5625, 3);
    expect(mxfp4.deployment.weightsPerGpuGiB / fp8.deployment.weightsPerGpuGiB).toBeCloseTo(0.53125, 3);
    expect(mxfp4.tpotMs.p50).toBeLessThanOrEqual(nvfp4.tpotMs.p50);
    // Decode at a small batch reads the weights each step: the measured NVFP4 GEMMs stream them at FP4_GEMM_SHARE of
    // HBM and pay a 7.4 us floor against FP8's 5.8 (compute/kernel-floors.ts), no faster than FP8's. At a large batch the
    // GEMMs turn compute-bound and NVFP4's 4-bit rate serves more tokens per GPU.
    const capacity = async (batch: string, precision: string) =>
      JSON.parse(
        (await run('capacity', '--system', 'gb200-nvl72', '--model', 'llama3-70b', '--tp', '4', '--batch', batch, '--json', '--precision', precision)).out,
      );
    const [small8, small4, large8, large4] = await Promise.all([
      capacity('8', 'fp8'),
      capacity('8', 'nvfp4'),
      capacity('896', 'fp8'),
      capacity('896', 'nvfp4'),
    ]);
    expect(small4.decodeStepMs).toBeGreaterThanOrEqual(small8.decodeStepMs);
    // +1.8% at 896 (GB200's FP8 GEMMs at the kernel tables' measured plateau, NVFP4's at its measured share; near their
    // ridge both block-scaled GEMMs lose some overlap of math and reads, BLOCK_SCALED_OVERLAP_P, NVFP4's ridge lying at
    // larger batches: +0.1% at 512).
    expect(large4.decodeTokensPerSecPerGpu).toBeGreaterThan(1.01 * large8.decodeTokensPerSecPerGpu);
    // The weights' 7.2 GiB a GPU less leave room for a batch FP8 cannot hold.
    const huge = (precision: string) =>
      run('capacity', '--system', 'gb200-nvl72', '--model', 'llama3-70b', '--tp', '4', '--batch', '960', '--json', '--precision', precision);
    expect((await huge('fp8')).code).toBe(2);
    expect(JSON.parse((await huge('nvfp4')).out).decodeTokensPerSecPerGpu).toBeGreaterThan(large4.decodeTokensPerSecPerGpu);
  });

  it('main serve --precision fp4 is NVFP4 and --mtp is speculative mtp: the Blackwell serving stack written as its users write it', async () => {
    const base = ['serve', '--system', 'gb200-nvl72', '--model', 'deepseek-v3', '--dp-attention', '8', '--ep', '--rate', '20', '--requests', '60', '--json'];
    const [fp4, nvfp4, mtp, spec] = await Promise.all(
      [
        ['--precision', 'fp4'],
        ['--precision', 'nvfp4'],
        ['--precision', 'fp4', '--mtp'],
        ['--precision', 'nvfp4', '--speculative', 'mtp'],
      ].map(async (extra) => JSON.parse((await run(...base, ...extra)).out)),
    );
    expect(fp4).toEqual(nvfp4);
    expect(mtp).toEqual(spec);
    expect(mtp.tpotMs.p50).toBeLessThan(fp4.tpotMs.p50);
    const both = await run(...base, '--mtp', '--speculative', 'draft', '--draft-model', 'llama3-8b');
    expect([both.code, both.err]).toEqual([2, 'error: option --mtp: is speculative mtp; it cannot go with speculative draft']);
  });

  it('main serve --precision int8 serves on CloudMatrix384 (INT8 at twice the BF16 rate, no FP8 unit) and an FP4 format on H100 is refused', async () => {
    const cm = ['serve', '--system', 'cloudmatrix384', '--model', 'deepseek-v3', '--dp-attention', '16', '--ep', '--rate', '5', '--requests', '40', '--json'];
    const int8 = JSON.parse((await run(...cm, '--precision', 'int8')).out);
    expect(int8.requests).toBe(40);
    const fp8 = await run(...cm, '--precision', 'fp8');
    expect([fp8.code, fp8.err]).toEqual([2, 'error: option --precision: Huawei Ascend 910C has no fp8 tensor throughput']);
    const h100 = await run('serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--precision', 'nvfp4', '--rate', '5', '--requests', '10');
    expect([h100.code, h100.err]).toEqual([2, 'error: option --precision: NVIDIA H100 SXM has no fp4 tensor throughput']);
  });

  it('main serve --curve --json prints every configuration and the envelope; --compare adds the ratio to other systems at 20, 50 and 100 tokens/s per user', async () => {
    const curve = JSON.parse((await run('serve', '--curve', '--system', 'al128', '--model', 'deepseek-v3', '--json')).out);
    expect(curve.points.length).toBeGreaterThanOrEqual(50);
    expect(Object.keys(curve.points[0]).sort()).toEqual(['config', 'outputTokensPerSecPerGpu', 'tokensPerSecPerUser', 'tpotMs']);
    expect(curve.envelope.length).toBeGreaterThan(3);
    const compared = JSON.parse(
      (await run('serve', '--curve', '--system', 'al128', '--gpus', '1152', '--model', 'deepseek-v3', '--compare', 'gb200-nvl72', '--json')).out,
    );
    expect(compared.ratioAt.map((r: { tokensPerSecPerUser: number }) => r.tokensPerSecPerUser)).toEqual([20, 50, 100]);
    expect(compared.compare[0].system).toBe('gb200-nvl72');
    expect(compared.compare[0].gpus).toBe(1152);
    for (const r of compared.ratioAt) expect(r.ratio).toBeGreaterThan(0);
    const stray = await run('serve', '--system', 'al128', '--model', 'deepseek-v3', '--rate', '1', '--requests', '5', '--compare', 'gb200-nvl72');
    expect([stray.code, stray.err]).toEqual([2, 'error: option --compare: compares interactivity curves; give it with --curve']);
  });
});
