import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('supernode process', () => {
  it('supernode describe al128 --json prints one JSON object and exits 0', () => {
    const r = supernode('describe', 'al128', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scaleUp.switchHops).toBe(1);
  });

  it('supernode exits 2 on a bad scenario, with the message on stderr and no stack trace', () => {
    const r = supernode('describe', 'examples/does-not-exist.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: cannot read scenario file 'examples\/does-not-exist\.yaml': no such file/);
  });

  it('supernode describe runs the example scenario shipped in examples/', () => {
    const r = supernode('describe', 'examples/al128-cpo.yaml', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scaleUp.domains).toBe(2);
  });

  it('supernode refuses a multi-megabyte file and a binary file without reading them as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supernode-cli-'));
    try {
      writeFileSync(join(dir, 'big.yaml'), `extends: al128\ndescription: "${'x'.repeat(3 * 2 ** 20)}"\n`);
      writeFileSync(join(dir, 'binary.yaml'), Uint8Array.from([0x80, 0xff, 0xfe, 0x00, 0x41]));
      const big = supernode('describe', join(dir, 'big.yaml'));
      expect(big.code).toBe(2);
      expect(big.stderr).toMatch(/big\.yaml' is 3,145,759 bytes; a scenario is at most 65,536 \(64 KiB\)\n$/);
      const binary = supernode('describe', join(dir, 'binary.yaml'));
      expect(binary.code).toBe(2);
      expect(binary.stderr).toMatch(/binary\.yaml' is not UTF-8 text; expected a YAML or JSON scenario\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('supernode exits 2 on a scenario failing a plane that does not exist, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supernode-cli-'));
    try {
      const file = join(dir, 'degraded.yaml');
      writeFileSync(file, 'extends: hpn-h800\nname: bad-failure\nfailures:\n  - { kind: plane, layer: scale-out, plane: 3 }\n');
      const r = supernode('collective', '--system', file, '--op', 'allreduce', '--sizes', '1M');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/failures\.0\.plane: plane 3 does not exist; the scale-out fabric has planes 0-1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('supernode collective --fail reports the degraded busbw beside the healthy one', () => {
    const r = supernode(
      'collective',
      '--system',
      'hpn-h800',
      '--op',
      'allreduce',
      '--group',
      '5-125:8',
      '--sizes',
      '1G',
      '--algorithm',
      'ring',
      '--json',
      '--fail',
      'link:scale-out:plane=0:gpu=5',
    );
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout);
    expect(row.healthy.share).toBeCloseTo(row.busbwGBps / row.healthy.busbwGBps, 12);
    expect(row.healthy.share).toBeLessThan(0.52);
  });

  it('supernode train --fail prices the iteration against the healthy system', () => {
    // Llama 3 8B, TP 8 inside each HPN domain: the DP all-reduce runs per rail across 16 domains, and GPU 5's rail
    // loses half its NIC, so the iteration is slower and the healthy one is the same run without the failure.
    const args = ['train', '--system', 'hpn-h800', '--gpus', '128', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '64'];
    const run = (...more: string[]) => supernode(...args, '--seq', '4096', '--fidelity', 'flow', '--json', ...more);
    const degraded = run('--fail', 'link:scale-out:plane=0:gpu=5');
    const healthy = run();
    expect(degraded.code).toBe(0);
    const d = JSON.parse(degraded.stdout);
    const h = JSON.parse(healthy.stdout);
    expect(d.healthy.iterationTimeS).toBe(h.iterationTimeS);
    expect(d.iterationTimeS).toBeGreaterThan(h.iterationTimeS);
    expect(d.healthy.share).toBeCloseTo(h.iterationTimeS / d.iterationTimeS, 12);
  });

  it('supernode train --straggler names the slowest GPU, what it costs, and the step without it', () => {
    const args = '--system hgx-h100 --gpus 64 --model llama3-8b --tp 8 --pp 1 --mbs 1 --gbs 64 --seq 4096'.split(' ');
    const r = supernode('train', ...args, '--straggler', 'gpu=13:speed=0.8', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.stragglers.slowestGpu).toEqual({ rank: 13, speed: 0.8, stage: 0, replica: 1 });
    expect(report.healthy.iterationTimeS).toBe(report.stragglers.nominalIterationS);
    const text = supernode('train', ...args, '--straggler', 'gpu=13:speed=0.8');
    expect(text.stdout).toMatch(/stragglers: 1 GPU below nominal speed cost [\d.]+% of the step; the slowest, GPU 13 \(stage 0, replica 1\) at 80%/);
  });

  it('supernode exits 2 on a straggler the system lacks or a bad speed, and on slow GPUs without the work before a collective', () => {
    const train = 'train --system hgx-h100 --gpus 64 --model llama3-8b --tp 8 --pp 1 --mbs 1 --gbs 64 --seq 4096'.split(' ');
    const missing = supernode(...train, '--straggler', 'gpu=99999:speed=0.5');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/option --straggler: gpus\.0\.gpu: GPU 99999 does not exist; the system has GPUs 0-63/);
    const fast = supernode(...train, '--straggler', 'gpu=5:speed=2');
    expect(fast.code).toBe(2);
    expect(fast.stderr).toMatch(/--straggler: 'gpu=5:speed=2' \(gpus\.0\.speed\)/);
    const collective = supernode('collective', '--system', 'hgx-h100', '--op', 'allreduce', '--sizes', '1M', '--straggler', 'gpu=5:speed=0.8');
    expect(collective.code).toBe(2);
    expect(collective.stderr).toMatch(/--compute-before: the system has slow GPUs/);
    expect(collective.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('supernode --version and --help, answered without loading the models', () => {
  it('the built launcher prints what the command tree prints for --version, -V, --help and -h', async () => {
    const { builtCli } = await import('./built-cli.js');
    const { printed } = await import('../packages/cli/src/write-answers.js');
    for (const flag of ['--version', '-V', '--help', '-h']) {
      const r = spawnSync(process.execPath, [...builtCli(), flag], { cwd: root, encoding: 'utf8' });
      expect(r.status, flag).toBe(0);
      expect(r.stdout, flag).toBe(await printed([flag]));
    }
  });
});
