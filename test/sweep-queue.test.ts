import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = ['--conditions=supernode-src', '--import', 'tsx', 'packages/cli/src/main.ts'];
const dir = mkdtempSync(join(tmpdir(), 'supernode-sweep-queue-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A real redis-server on loopback (.ci/run installs it), answering once it says it is ready. */
async function startRedis(port: number): Promise<void> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(redis);
  await new Promise<void>((resolve, reject) => {
    redis.on('error', (e) => reject(new Error(`redis-server did not start (${e.message}); .ci/run installs it with apt`)));
    redis.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) resolve();
    });
  });
}

function start(args: string[], lines?: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [...cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  if (lines) child.stderr?.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach(lines));
  return child;
}

const exited = (c: ChildProcess) => new Promise<number | null>((resolve) => c.on('exit', (code) => resolve(code)));

/** 16 flow-level all-to-alls over 256 GPUs, about 0.3 s each: every job is long enough to be killed in the middle. */
const spec = join(dir, 'a2a.yaml');
writeFileSync(
  spec,
  `command: collective
system: hgx-h100
gpus: 256
args: { op: alltoall, sizes: 64M, fidelity: flow }
axes:
  - { path: args.sizes, values: [4M, 16M, 64M, 256M] }
  - { path: system.scaleOut.nicsPerGpu, values: [1, 2] }
  - { path: args.group, values: [all, "0-127"] }
`,
);

describe('supernode sweep --queue', () => {
  it('workers on a real Redis run every point; a worker killed mid-job has its job retried by another, and every point lands once', async () => {
    const port = await freePort();
    await startRedis(port);
    const queue = `redis://127.0.0.1:${port}`;
    const out = join(dir, 'a2a.duckdb');
    let killedJob = '';
    const starts: string[] = [];
    const a = start(['worker', '--queue', queue, '--lock-ms', '1500', '--verbose'], (line) => {
      const m = /job (\S+) start/.exec(line);
      if (m && !killedJob && starts.push(m[1] as string) === 2) {
        killedJob = m[1] as string;
        a.kill('SIGKILL');
      }
    });
    const retried: string[] = [];
    const b = start(['worker', '--queue', queue, '--lock-ms', '1500', '--verbose'], (line) => {
      const m = /job (\S+) start/.exec(line);
      if (m) retried.push(m[1] as string);
    });
    const collector = start(['sweep', spec, '--out', out, '--queue', queue, '--json']);
    let stdout = '';
    collector.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    expect(await exited(collector)).toBe(0);
    const summary = JSON.parse(stdout);
    expect([summary.points, summary.completed, summary.failed]).toEqual([16, 16, 0]);
    expect(killedJob).not.toBe('');
    expect(retried).toContain(killedJob);
    b.kill('SIGTERM');
    expect(await exited(b)).toBe(0);
    // The store holds each point once: a local rerun finds nothing to do and exports 16 rows.
    const csv = join(dir, 'a2a.csv');
    const rerun = spawnSync(process.execPath, [...cli, 'sweep', spec, '--out', out, '--csv', csv, '--json'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(rerun.stdout).skipped).toBe(16);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(17);
  }, 120_000);
});
