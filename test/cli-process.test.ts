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
});
