/** Benchmark: 600 seeded hostile command lines across every command, each as the real built CLI process under a 1 GiB heap and a 10 s limit. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { hostileArgv, hostileFiles, NAMES_WHAT } from '../test/hostile-argv.js';

// node --import tsx bench/hostile-argv.ts [count]: needs the built CLI (npm run build). Each line runs as
// `node --max-old-space-size=1024 packages/cli/bin/supernode.js ...` and is killed at 10 s; a line passes when it exits
// 0 or 2 in time with no stack trace, and a refusal names its option, field or file.

const LINES = Number(process.argv[2] ?? 600);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'supernode-hostile-argv-'));
// A process argument cannot hold a NUL byte (the OS ends it there): those lines are the in-process test's alone.
const cases = fc
  .sample(hostileArgv(hostileFiles(dir)), { numRuns: LINES * 2, seed: 20261207 })
  .filter((c) => !c.argv.some((a) => a.includes('\u0000')))
  .slice(0, LINES);
const codes: Record<string, number> = {};
const failures: { kind: string; why: string; argv: string }[] = [];
let slowestMs = 0;
/** The largest resident set any one line's process reached. */
let peakRssMiB = 0;
const t0 = performance.now();
for (const c of cases) {
  const started = performance.now();
  // GNU time reports the child's peak resident set on its last stderr line.
  const p = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kib %M', process.execPath, '--max-old-space-size=1024', 'packages/cli/bin/supernode.js', ...c.argv], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10_000,
    maxBuffer: 64 * 2 ** 20,
  });
  const ms = performance.now() - started;
  const rss = /peak-rss-kib (\d+)\s*$/.exec(p.stderr ?? '');
  if (rss) peakRssMiB = Math.max(peakRssMiB, Number(rss[1]) / 1024);
  const stderr = (p.stderr ?? '').replace(/(Command exited with non-zero status \d+\n)?peak-rss-kib \d+\s*$/, '');
  slowestMs = Math.max(slowestMs, ms);
  const code = p.status === null ? `killed (${p.signal})` : String(p.status);
  codes[code] = (codes[code] ?? 0) + 1;
  const why =
    p.status === null
      ? `did not end in 10 s (${p.signal})`
      : p.status !== 0 && p.status !== 2
        ? `exit ${p.status}`
        : /internal error|\n\s+at /.test(stderr)
          ? 'stack trace'
          : p.status === 2 && !NAMES_WHAT.test(stderr)
            ? `refusal names nothing: ${stderr.slice(0, 200)}`
            : '';
  if (why) failures.push({ kind: c.kind, why, argv: c.argv.join(' ').slice(0, 200) });
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    case: 'hostile-argv',
    wallMs: performance.now() - t0,
    lines: LINES,
    exitCodes: codes,
    failures: failures.length,
    slowestLineMs: Math.round(slowestMs),
    peakRssMiB,
    firstFailures: failures.slice(0, 5),
  })}\n`,
);
