/** `supernode workload` runs an AICB workload on any system; `train --aicb` writes one that it reads back; a malformed file exits 2 naming its line. */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support.js';

const run = runCli;

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'workloads', 'gpt3-20b-64xh100.aicb.txt');
const dir = mkdtempSync(join(tmpdir(), 'supernode-workload-'));

describe('supernode workload', () => {
  it('runs the example on hgx-h100 and al128, and train --aicb writes the same file the example holds', async () => {
    const h100 = await run('workload', EXAMPLE, '--system', 'hgx-h100', '--json');
    const al128 = await run('workload', EXAMPLE, '--system', 'al128', '--measured-on', 'h100-sxm', '--json');
    expect([h100.code, al128.code]).toEqual([0, 0]);
    const [a, b] = [JSON.parse(h100.out), JSON.parse(al128.out)];
    expect(a.plan).toEqual({ tp: 8, ep: 1, pp: 1, dp: 8, vpp: 1, ga: 4, gpus: 64 });
    expect(b.computeScale).toBeCloseTo(989 / 2500, 6);
    expect(b.stepTimeS).toBeLessThan(a.stepTimeS);
    const file = join(dir, 'gpt.txt');
    const trained = await run(
      ...'train --system hgx-h100 --gpus 64 --model gpt3-20b --tp 8 --pp 1 --zero 1 --mbs 1 --gbs 32 --seq 2048 --aicb'.split(' '),
      file,
    );
    expect(trained.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'));
  });

  it('a malformed workload exits 2 naming the file and line', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, `${readFileSync(EXAMPLE, 'utf8').split('\n').slice(0, 3).join('\n')}\nattention_layer -1 12 ALLGATHER\n`);
    const { code, err } = await run('workload', bad, '--system', 'hgx-h100');
    expect(code).toBe(2);
    expect(err).toContain(`${bad}:4: 4 fields; a layer line has 12`);
  });

  it('train --chakra writes a 64-GPU step as Chakra traces that workload replays to the same step time; a cut trace exits 2 naming it', async () => {
    const folder = join(dir, 'chakra');
    const trained = await run(
      ...'train --system hgx-h100 --gpus 64 --model llama3-8b --tp 8 --pp 1 --zero 1 --mbs 1 --gbs 64 --seq 8192 --json --chakra'.split(' '),
      folder,
    );
    expect(trained.code).toBe(0);
    const replayed = await run('workload', folder, '--system', 'hgx-h100', '--json');
    expect(replayed.code).toBe(0);
    const [native, chakra] = [JSON.parse(trained.out), JSON.parse(replayed.out)];
    expect(chakra.ranks).toBe(64);
    expect(Math.abs(chakra.stepTimeS / native.iterationTimeS - 1)).toBeLessThan(0.01);
    const cut = join(dir, 'cut.et');
    writeFileSync(cut, readFileSync(join(folder, 'rank0.et')).subarray(0, 200));
    const bad = await run('workload', cut, '--system', 'hgx-h100');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(new RegExp(`${cut.replace(/[.]/g, '\\.')}:1: not a Chakra trace`));
  });

  it('the shipped Chakra traces (a 16-GPU step train --chakra wrote) replay to the step train prices natively', async () => {
    const traces = join(import.meta.dirname, '..', '..', '..', 'examples', 'workloads', 'llama3-8b-16xh100.chakra');
    const replayed = await run('workload', traces, '--system', 'hgx-h100', '--json');
    const native = await run(...'train --system hgx-h100 --gpus 16 --model llama3-8b --tp 8 --pp 1 --zero 1 --mbs 1 --gbs 8 --seq 4096 --json'.split(' '));
    expect([replayed.code, native.code]).toEqual([0, 0]);
    expect(JSON.parse(replayed.out).stepTimeS).toBeCloseTo(JSON.parse(native.out).iterationTimeS, 5);
    // train --workload and collective --workload run the same replay.
    const viaTrain = await run('train', '--system', 'hgx-h100', '--workload', traces, '--json');
    const viaCollective = await run('collective', '--system', 'hgx-h100', '--workload', traces, '--json');
    expect(JSON.parse(viaTrain.out)).toEqual(JSON.parse(replayed.out));
    expect(JSON.parse(viaCollective.out)).toEqual(JSON.parse(replayed.out));
  });
});
