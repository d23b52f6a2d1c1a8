/** Browser test support: the UI served by the real `supernode ui` process, and Debian's Chromium driven by playwright-core. */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a sandboxed machine without a network: no first-run, no background fetches, software rendering. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Starts `supernode ui --port 0` and resolves with its address once it listens. */
export function serveUi(): Promise<{ url: string; server: ChildProcess }> {
  if (!existsSync(`${root}packages/web/dist/index.html`)) throw new Error('packages/web/dist is missing: npm ci builds it (npm run build)');
  const server = spawn(process.execPath, ['--conditions=supernode-src', '--import', 'tsx', 'packages/cli/src/main.ts', 'ui', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let said = '';
    server.stderr?.on('data', (chunk) => {
      said += String(chunk);
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(said);
      if (m) resolve({ url: m[0], server });
    });
    server.on('exit', (code) => reject(new Error(`supernode ui exited with ${code}: ${said}`)));
  });
}
