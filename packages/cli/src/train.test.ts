import { mkdtempSync, readFileSync } from 'node:fs';
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

const plan = ['--system', 'hgx-h100', '--gpus', '64', '--model', 'llama2-70b', '--mbs', '1', '--gbs', '128', '--seq', '4096'];

const plan4x4 = [...plan, '--tp', '4', '--pp', '4'];

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

  it('main train --gpus 8 on a 72-GPU rack runs the job on 8 of its GPUs and reports the rest idle', async () => {
    const job = ['--model', 'llama3-8b', '--tp', '1', '--pp', '1', '--mbs', '1', '--gbs', '64', '--seq', '4096', '--json'];
    const part = await run('train', '--system', 'gb200-nvl72', '--gpus', '8', ...job);
    expect(part.code).toBe(0);
    const r = JSON.parse(part.out);
    expect([r.plan.gpus, r.plan.dp, r.systemGpus, r.idleGpus]).toEqual([8, 8, 72, 64]);
    // The same job asked as DP short of the system, and its text header.
    const dp = JSON.parse((await run('train', '--system', 'gb200-nvl72', ...job, '--dp', '8')).out);
    expect(dp.iterationTimeS).toBeCloseTo(r.iterationTimeS, 12);
    const text = await run('train', '--system', 'gb200-nvl72', '--gpus', '8', ...job.slice(0, -1));
    expect(text.out).toContain('llama3-8b on gb200-nvl72 (8 of 72 GPUs, 64 idle)');
    // A job takes whole 4-GPU trays or a share of one.
    const six = await run('train', '--system', 'gb200-nvl72', '--gpus', '6', ...job);
    expect([six.code, six.err]).toEqual([
      2,
      'error: option --gpus: TP 1 x PP 1 x DP 6 x CP 1 = 6 GPUs on a system of 72: a job on part of a system takes whole servers of 4 GPUs or a whole share of one',
    ]);
    const over = await run('train', '--system', 'gb200-nvl72', ...job, '--dp', '80');
    expect([over.code, over.err]).toEqual([2, 'error: option --dp: TP 1 x PP 1 x DP 80 x CP 1 = 80 GPUs, but the system has 72']);
  });

  it('main train --tokens reports the days to train them at the step rate on the job GPUs', async () => {
    const r = JSON.parse((await run('train', ...plan4x4, '--tokens', '1e12', '--json')).out);
    const perSecond = r.tokensPerSecPerGpu * r.plan.gpus;
    expect(r.timeToTrain.seconds).toBeCloseTo(1e12 / perSecond, 6);
    expect(r.timeToTrain.days).toBeCloseTo(r.timeToTrain.seconds / 86400, 9);
    expect((await run('train', ...plan4x4, '--tokens', '1e12')).out).toMatch(/time to train +│ [\d,.]+ days for 1\.00e\+12 tokens on 64 GPUs/);
    const bad = await run('train', ...plan4x4, '--tokens', '-5');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: option --tokens: expected/);
  });

  it("main train --tokens --goodput prices the days under failures at resilience's expected goodput; --goodput alone exits 2", async () => {
    const args = [...plan, '--tp', '4', '--pp', '4', '--tokens', '1e12', '--spares', '16', '--json'];
    const trained = await run('train', ...args, '--goodput');
    expect(trained.code).toBe(0);
    const t = JSON.parse(trained.out).timeToTrain;
    const r = JSON.parse((await run('resilience', ...args, '--runs', '2')).out);
    expect(t.withFailures.goodput).toBeCloseTo(r.goodput, 12);
    expect(t.withFailures.days).toBeCloseTo(r.daysToTrain, 9);
    expect(t.withFailures.days).toBeGreaterThan(t.days);
    const alone = await run('train', ...plan, '--tp', '4', '--pp', '4', '--goodput');
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/option --goodput: prices the time to train under failures: give --tokens too|option --goodput: .*tokens/);
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
    ['GPUs past the system', ['--tp', '4', '--pp', '4', '--dp', '8'], /--dp: TP 4 x PP 4 x DP 8 x CP 1 = 128 GPUs, but the system has 64/],
    ['an unknown model', ['--tp', '4', '--pp', '4', '--model', 'llama9'], /unknown model 'llama9'/],
    [
      'a bad precision',
      ['--tp', '4', '--pp', '4', '--precision', 'int8'],
      /option --precision: expected one of bf16, fp8, nvfp4 \(or fp4 for nvfp4\), received 'int8'/,
    ],
    ['a bad --gradient-bytes', ['--tp', '4', '--pp', '4', '--gradient-bytes', '3'], /option --gradient-bytes: expected one of 2, 4, received '3'/],
    [
      'a bad --master-weight-bytes',
      ['--tp', '4', '--pp', '4', '--master-weight-bytes', 'fp32'],
      /option --master-weight-bytes: expected one of 2, 4, received 'fp32'/,
    ],
    ['a bad --attention', ['--tp', '4', '--pp', '4', '--attention', 'flash3'], /option --attention: expected one of flash, unfused, received 'flash3'/],
  ])('main train exits 2 for %s', async (_what, args, message) => {
    const { code, err } = await run('train', ...plan, ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('main train --help offers the plan options', async () => {
    const { code, out } = await run('train', '--help');
    expect(code).toBe(0);
    for (const flag of ['--sequence-parallel', '--no-sequence-parallel', '--dp-overlap', '--no-dp-overlap', '--pp-overlap', '--tp-overlap']) {
      expect(out).toContain(flag);
    }
    for (const flag of ['--gradient-bytes', '--master-weight-bytes', '--dropout', '--attention']) expect(out).toContain(flag);
  });

  it('main train passes the plan flags to the plan, and leaves the defaults alone without them', async () => {
    const plan = async (...flags: string[]) => JSON.parse((await run('train', ...plan4x4, ...flags, '--json')).out).plan;
    // Defaults: SP on with TP 4, both overlaps on, FP32 gradients and master weights, no dropout.
    expect(await plan()).toMatchObject({ sequenceParallel: true, dpOverlap: true, ppOverlap: true, gradientBytes: 4, masterWeightBytes: 4, dropout: false });
    const set = await plan('--no-sequence-parallel', '--no-dp-overlap', '--no-pp-overlap', '--gradient-bytes', '2', '--master-weight-bytes', '2', '--dropout');
    expect(set).toMatchObject({ sequenceParallel: false, dpOverlap: false, ppOverlap: false, gradientBytes: 2, masterWeightBytes: 2, dropout: true });
    expect(await plan('--tp-overlap', '--attention', 'unfused')).toMatchObject({ tpOverlap: true, attention: 'unfused' });
  });

  it('main train --no-dp-overlap puts the gradient reduction on the critical path', async () => {
    // Reducing after the flush can only add exposed DP time.
    const dp = async (...flags: string[]) => JSON.parse((await run('train', ...plan4x4, ...flags, '--json')).out).breakdown.exposedCommS.dp;
    expect(await dp('--no-dp-overlap')).toBeGreaterThan(await dp());
  });

  const deepseek = ['--system', 'hgx-h800', '--gpus', '2048', '--model', 'deepseek-v3', '--tp', '1', '--pp', '16', '--ep', '64'];
  const deepseekPlan = [...deepseek, '--mbs', '1', '--gbs', '15360', '--seq', '4096', '--precision', 'fp8'];

  it('main train runs DeepSeek-V3 as it trained: DualPipe over an uneven split, node-limited routing, MTP', async () => {
    const { code, out, err } = await run(
      'train',
      ...deepseekPlan,
      ...['--schedule', 'dualpipe', '--stage-layers', '3,4x14,2', '--ep-node-limit', '4', '--mtp-depth', '1', '--comm-sms', '20'],
      ...['--recompute-modules', 'norm,mla-up-proj,activation', '--moment-bytes', '2', '--json'],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.plan).toMatchObject({ schedule: 'dualpipe', epNodeLimit: 4, mtpDepth: 1, commSms: 20, momentBytes: 2 });
    expect(r.plan.stageLayers).toEqual([3, ...new Array(14).fill(4), 2]);
    expect(r.plan.recomputeModules).toEqual(['norm', 'mla-up-proj', 'activation']);
    expect(r.fits).toBe(true);
  });

  it.each([
    ['an unknown --schedule', ['--schedule', 'zb1p'], /option --schedule: expected one of 1f1b, interleaved, dualpipe, received 'zb1p'/],
    ['a malformed --stage-layers', ['--stage-layers', '3,4y14,2'], /option --stage-layers: '4y14' in '3,4y14,2' is not a layer count/],
    ['a --stage-layers not summing to the layers', ['--stage-layers', '4x15,0'], /--stage-layers: .* sums to 60 layers, but deepseek-v3 has 61/],
    ['a negative --mtp-depth', ['--stage-layers', '3,4x14,2', '--mtp-depth', '-1'], /option --mtp-depth: expected a whole number from 0 to 64, received '-1'/],
    [
      'a zero --ep-node-limit',
      ['--stage-layers', '3,4x14,2', '--ep-node-limit', '0'],
      /option --ep-node-limit: expected a whole number from 1 to 262,144, received '0'/,
    ],
    [
      'an unknown recompute module',
      ['--stage-layers', '3,4x14,2', '--recompute-modules', 'norms'],
      /option --recompute-modules: expected one of core-attention, norm, mla-up-proj, activation, received 'norms'/,
    ],
    ['a bad --moment-bytes', ['--stage-layers', '3,4x14,2', '--moment-bytes', '1'], /option --moment-bytes: expected one of 2, 4, received '1'/],
    [
      'an --offload-activations share of 1',
      ['--stage-layers', '3,4x14,2', '--offload-activations', '1'],
      /option --offload-activations: expected a share in \[0, 1\), such as 0.25, received '1'/,
    ],
    ['an --etp that does not divide TP', ['--stage-layers', '3,4x14,2', '--etp', '2'], /--etp: ETP 2 does not divide TP 1/],
    [
      'DualPipe with an odd micro-batch count',
      ['--stage-layers', '3,4x14,2', '--schedule', 'dualpipe', '--gbs', '384'],
      /even number of micro-batches, received 3/,
    ],
  ])('main train exits 2 for %s', async (_what, args, message) => {
    const { code, err } = await run('train', ...deepseekPlan, ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('main train fits a Llama-3.1-405B production plan: PP 16 x VPP 8 over 126 layers with the embedding and loss counted, ZeRO-2', async () => {
    // 126 + 2 places fill 128 one-layer chunks; 16,384 GPUs leave 16 micro-batches per pipeline, all in warm-up.
    const args = ['--system', 'hgx-h100', '--gpus', '16384', '--model', 'llama3.1-405b', '--tp', '8', '--pp', '16', '--vpp', '8'];
    const { code, out } = await run(
      'train',
      ...args,
      '--mbs',
      '1',
      '--gbs',
      '2048',
      '--seq',
      '8192',
      '--zero',
      '2',
      '--account-for-embedding',
      '--account-for-loss',
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.fits).toBe(true);
    expect(r.plan.chunkLayers.slice(0, 3)).toEqual([0, 1, 1]);
  });

  it("--csv writes the run's metrics as the row a sweep point stores; a collective of many sizes is refused with the way out", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supernode-csv-'));
    const csv = join(dir, 'run.csv');
    const { code, out } = await run('train', ...plan4x4, '--json', '--csv', csv);
    expect(code).toBe(0);
    const [header, row, end] = readFileSync(csv, 'utf8').split('\n');
    expect(end).toBe('');
    const cells = Object.fromEntries((header as string).split(',').map((k, i) => [k, (row as string).split(',')[i]]));
    expect(Number(cells.iterationTimeS)).toBeCloseTo(JSON.parse(out).iterationTimeS, 9);
    const sizes = await run(
      'collective',
      '--system',
      'hgx-h100',
      '--op',
      'allreduce',
      '--sizes',
      '1M,1G',
      '--fidelity',
      'analytical',
      '--csv',
      join(dir, 'c.csv'),
    );
    expect(sizes.code).toBe(2);
    expect(sizes.err).toMatch(/give one size and sweep sizes as an axis/);
  });
});
