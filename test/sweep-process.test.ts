import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = ['--conditions=supernode-src', '--import', 'tsx', 'packages/cli/src/main.ts'];
const dir = mkdtempSync(join(tmpdir(), 'supernode-sweep-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 1,536 cheap training points: long enough that a kill lands mid-way (the second half takes seconds), short enough for a test. */
const spec = join(dir, 'grid.yaml');
writeFileSync(
  spec,
  `command: train
system: hgx-h100
gpus: 64
args: { model: llama3-8b, tp: 1, pp: 1, mbs: 1, gbs: 64, seq: 2048 }
axes:
  - { path: args.tp, values: [1, 2, 4, 8] }
  - { path: args.zero, values: [0, 1, 2, 3] }
  - { path: args.recompute, values: [none, selective, full] }
  - { path: args.mbs, values: [1, 2] }
  - { path: args.gbs, values: [128, 256, 512, 1024] }
  - { path: args.seq, range: { from: 1024, to: 8192, steps: 4, integer: true } }
objectives: [ { metric: tokensPerSecPerGpu, goal: max }, { metric: memoryPerGpuGiB, goal: min } ]
constraints: [ fits ]
`,
);

/** Starts a sweep and SIGKILLs it once its progress passes half way; resolves with the last progress line seen. */
function killHalfway(out: string, workers: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli, 'sweep', spec, '--out', out, '--workers', workers], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const m = /\((\d+)%\)/.exec(line);
        if (m) seen = line;
        if (m && Number(m[1]) >= 50 && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`sweep ended before half way: ${seen}`))));
  });
}

describe('supernode sweep process', () => {
  it('a sweep SIGKILLed at half way and run again ends with every point exactly once', async () => {
    const out = join(dir, 'killed.duckdb');
    const seen = await killHalfway(out, '2');
    expect(seen).toMatch(/sweep: \d+\/1536 points/);
    const rerun = spawnSync(process.execPath, [...cli, 'sweep', spec, '--out', out, '--workers', '2', '--csv', join(dir, 'killed.csv'), '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(rerun.status, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.points).toBe(1536);
    expect(summary.skipped).toBeGreaterThanOrEqual(768);
    expect(summary.skipped + summary.completed).toBe(1536);
    const keys = readFileSync(join(dir, 'killed.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(0, line.lastIndexOf('}"') + 2));
    expect(keys).toHaveLength(1536);
    expect(new Set(keys).size).toBe(1536);
  }, 120_000);

  it('the same sweep on 1 and on 2 workers writes the same results', () => {
    const small = join(dir, 'small.yaml');
    writeFileSync(small, readFileSync(spec, 'utf8').replace('values: [1, 2, 4, 8]', 'values: [1, 8]').replace('steps: 4', 'steps: 2'));
    const csv = (workers: string) => {
      const file = join(dir, `w${workers}.csv`);
      const r = spawnSync(process.execPath, [...cli, 'sweep', small, '--out', join(dir, `w${workers}.duckdb`), '--workers', workers, '--csv', file], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(file, 'utf8');
    };
    expect(csv('2')).toBe(csv('1'));
  }, 120_000);
});
