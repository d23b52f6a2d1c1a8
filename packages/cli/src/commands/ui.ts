/** `supernode ui`: serves the built web UI (the simulator runs in the browser) on 127.0.0.1 until SIGINT or SIGTERM. */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';

/** The web package's build, beside this package in the workspace (src/commands and dist/commands sit at the same depth). */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

export interface UiOptions {
  readonly port: number;
  readonly host: string;
}

/** Parses --port: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 65535) throw new UsageError(`option --port: '${text}' is not a port number (0-65535; 0 picks a free one)`);
  return n;
}

function respond(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Serves the UI; resolves when the server closes on SIGINT or SIGTERM. `say` hears the address once it listens. */
export function runUi(o: UiOptions, say: (text: string) => void, root = WEB_DIST): Promise<string> {
  if (!existsSync(join(root, 'index.html')))
    throw new UsageError(`the web UI is not built (no ${join(root, 'index.html')}); run 'npm run build' in the repository first`);
  const server = createServer((req, res) => respond(root, req, res));
  return new Promise((resolve, reject) => {
    server.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new UsageError(`option --port: cannot listen on ${o.host}:${o.port} (${error.code})`) : error,
      ),
    );
    server.listen(o.port, o.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : o.port;
      say(`supernode UI at http://${o.host}:${port}/ (Ctrl-C stops it)`);
      const stop = () => {
        server.close();
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      server.on('close', () => resolve('supernode UI stopped'));
    });
  });
}
