/** `supernode ui`: serves the built web UI (the simulator runs in the browser) on 127.0.0.1 until SIGINT or SIGTERM. */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { excerpt } from '@supernode/core';
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
  if (!/^\d+$/.test(text.trim()) || n > 65535) throw new UsageError(`option --port: ${excerpt(text)} is not a port number (0-65535; 0 picks a free one)`);
  return n;
}

/**
 * What the built page may do, and no more: its own scripts, module workers and styles (Observable Plot writes `style`
 * attributes and a `<style>` per chart, hence 'unsafe-inline' for styles only), images from itself, data: (the icon) and
 * blob:; no frames, plugins, forms or base URL; no page may frame it. Downloads are blob: links, which no directive governs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Sent with every response, errors included. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * True when the request names this server by a loopback name and its own port. Anything else (another name, another
 * port, none) is a page elsewhere reaching it through DNS rebinding, or a proxy it was never meant to sit behind.
 */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers }).end(body);
}

function respond(root: string, req: IncomingMessage, res: ServerResponse): void {
  const port = req.socket.localPort ?? 0;
  if (!isOwnHost(req.headers.host, port)) {
    send(res, 421, { 'content-type': 'text/plain; charset=utf-8' }, `this server answers only to 127.0.0.1:${port}, localhost:${port} or [::1]:${port}\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { allow: 'GET, HEAD' });
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    send(res, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'bad path\n');
    return;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'not found\n');
    return;
  }
  const body = readFileSync(file);
  send(
    res,
    200,
    {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    req.method === 'HEAD' ? undefined : body,
  );
}

/**
 * The UI's server over a built web UI folder: static files with the headers above, to its own host only. A request
 * with no Host reaches the handler (and its 421) rather than Node's bare 400, and so does the answer to one Node cannot parse.
 */
export function createUiServer(root: string): Server {
  const server = createServer({ requireHostHeader: false }, (req, res) => respond(root, req, res));
  server.on('clientError', (_error, socket: Duplex) => {
    if (!socket.writable) return;
    const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.end(`HTTP/1.1 400 Bad Request\r\n${headers.join('')}content-length: 0\r\nconnection: close\r\n\r\n`);
  });
  return server;
}

/** Serves the UI; resolves when the server closes on SIGINT or SIGTERM. `say` hears the address once it listens. */
export function runUi(o: UiOptions, say: (text: string) => void, root = WEB_DIST): Promise<string> {
  if (!existsSync(join(root, 'index.html')))
    throw new UsageError(`the web UI is not built (no ${join(root, 'index.html')}); run 'npm run build' in the repository first`);
  const server = createUiServer(root);
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
