import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real `supernode` process from source, as a user's shell would. */
function supernode(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions=supernode-src', '--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const example = ['share', '--system', 'examples/h100-tor-3to1.yaml', '--job', 'alltoall:48:256MiB', '--job', 'allreduce:48:256MiB'];

describe('supernode share process', () => {
  it('supernode share runs the shipped example: packed jobs keep to their leaves, spread ones meet on the uplinks', () => {
    const packed = supernode(...example, '--json');
    expect(packed.code).toBe(0);
    expect(JSON.parse(packed.stdout).maxSlowdown).toBe(1);
    const spread = supernode(...example, '--placement', 'spread');
    expect(spread.code).toBe(0);
    expect(spread.stdout).toMatch(/^# 2 jobs sharing h100-tor-3to1: 96 GPUs in scale-up domains of 8, spread placement, adaptive routing/);
    // The all-reduce's channel rings lose most of the uplinks to the all-to-all's flows.
    const row = spread.stdout.split('\n').find((l) => l.includes('job1')) ?? '';
    expect(row).toMatch(/allreduce .*12 \(4 each\) │ 4-95/);
    expect(Number(/│ ([\d.]+)x/.exec(row)?.[1])).toBeGreaterThan(1.2);
    expect(spread.stdout).toMatch(/worst slowdown [\d.]+x \(job1\)/);
  });

  it('supernode share exits 2 on a bad --job and on no --job at all, naming the flag, with no stack trace', () => {
    const bad = supernode('share', '--system', 'hgx-h100', '--job', 'allreduce:eight:1GiB');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      "error: option --job: 'allreduce:eight:1GiB': GPUs 'eight' is not a whole number of at least 2; expected op:gpus:size[:algorithm], e.g. allreduce:512:1GiB or alltoall:256:256MiB:direct\n",
    );
    const none = supernode('share', '--system', 'hgx-h100');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: option --job: missing; expected op:gpus:size\[:algorithm\], such as allreduce:512:1GiB/);
  });
});
