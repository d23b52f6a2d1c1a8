/** A scenario with hardware of its own (parts:) runs describe, train and serve as a catalogue system does; a bad part exits 2 naming it. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support.js';

const run = runCli;

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'next-gen-accelerator.yaml');

describe('a scenario of its own parts', () => {
  it('describe, train and serve run on examples/next-gen-accelerator.yaml and beat GB200 NVL72 where its parts are faster', async () => {
    const described = await run('describe', EXAMPLE, '--json');
    expect(described.code).toBe(0);
    const d = JSON.parse(described.out);
    expect([d.gpu.id, d.scaleUp.bandwidthPerGpuGBps]).toEqual(['x-next', 1800]);
    const plan = '--model llama3-70b --tp 4 --pp 1 --zero 1 --mbs 1 --gbs 72 --seq 4096 --recompute full --json'.split(' ');
    const mine = await run('train', '--system', EXAMPLE, ...plan);
    const theirs = await run('train', '--system', 'gb200-nvl72', ...plan);
    expect([mine.code, theirs.code]).toEqual([0, 0]);
    expect(JSON.parse(mine.out).tokensPerSecPerGpu).toBeGreaterThan(1.5 * JSON.parse(theirs.out).tokensPerSecPerGpu);
    const served = await run('serve', '--system', EXAMPLE, '--model', 'llama3-8b', '--tp', '1', '--requests', '50', '--rate', '10', '--json');
    expect(served.code).toBe(0);
    expect(JSON.parse(served.out).ttftMs.p50).toBeGreaterThan(0);
  });

  it('a part with a missing field exits 2, naming the part and the field', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'supernode-parts-')), 'bad.yaml');
    writeFileSync(file, 'extends: gb200-nvl72\ngpu: p\nparts:\n  gpus:\n    p: { vendor: me, measuredAs: gb200 }\n');
    const { code, err } = await run('describe', file);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.yaml:5:\d+: parts\.gpus\.p\.peak: required: a GPU that extends no catalogue GPU gives every field the models read/);
  });

  it('describe --yaml writes the whole resolved scenario, which reads back as the same system', async () => {
    const yaml = await run('describe', EXAMPLE, '--yaml');
    expect(yaml.code).toBe(0);
    expect(yaml.out).toMatch(/^gpu: x-next$/m);
    const file = join(mkdtempSync(join(tmpdir(), 'supernode-resolved-')), 'resolved.yaml');
    writeFileSync(file, yaml.out);
    const [again, original] = [await run('describe', file, '--json'), await run('describe', EXAMPLE, '--json')];
    expect(JSON.parse(again.out)).toEqual(JSON.parse(original.out));
  });
});
