/** `supernode ui`'s server over raw HTTP: its security headers on every answer, errors included, and its refusal of any Host but its own loopback name and port. */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createUiServer, isOwnHost } from './commands/ui.js';

const root = mkdtempSync(join(tmpdir(), 'supernode-ui-root-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>ui</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
const server = createUiServer(root);
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request to the server; `host: null` sends none at all. */
function get(path: string, host: string | null = `127.0.0.1:${port}`, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, setHost: false, headers: host === null ? {} : { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += String(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The headers every answer carries, whatever its status. */
function expectSecurityHeaders(a: Answer): void {
  expect(a.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(a.headers['x-frame-options']).toBe('DENY');
  expect(a.headers['x-content-type-options']).toBe('nosniff');
  expect(a.headers['referrer-policy']).toBe('no-referrer');
}

describe('createUiServer', () => {
  it('createUiServer serves the page to each of its loopback names with a CSP that forbids framing', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const a = await get('/', host);
      expect([host, a.status]).toEqual([host, 200]);
      expect(a.body).toContain('<title>ui</title>');
      expectSecurityHeaders(a);
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )default-src 'none'(;|$)/);
  });

  it('createUiServer serves a script with its type and the same headers', async () => {
    const a = await get('/assets/app.js');
    expect([a.status, a.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expectSecurityHeaders(a);
  });

  it.each([
    ['another name (DNS rebinding)', 'evil.example:PORT'],
    ['another port', '127.0.0.1:1'],
    ['no port', '127.0.0.1'],
    ['a name that ends in a loopback one', 'x.localhost:PORT'],
  ])('createUiServer refuses a Host of %s with 421 and its headers', async (_, host) => {
    const a = await get('/', host.replace('PORT', String(port)));
    expect(a.status).toBe(421);
    expect(a.body).toContain(`127.0.0.1:${port}`);
    expect(a.body).not.toContain('<title>');
    expectSecurityHeaders(a);
  });

  it('createUiServer refuses a request with no Host with 421 and its headers', async () => {
    const a = await get('/', null);
    expect(a.status).toBe(421);
    expectSecurityHeaders(a);
  });

  it.each([
    ['a missing file', '/nothing.js', 'GET', 404],
    ['a path out of its folder', '/%2e%2e/%2e%2e/package.json', 'GET', 404],
    ['a path that does not decode', '/%E0%A4%A', 'GET', 400],
    ['a method it does not serve', '/', 'POST', 405],
  ])('createUiServer answers %s with %s and its headers', async (_, path, method, status) => {
    const a = await get(path, `127.0.0.1:${port}`, method);
    expect(a.status).toBe(status);
    expectSecurityHeaders(a);
  });

  it('createUiServer answers a request it cannot parse with 400 and its headers', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let said = '';
      socket.on('data', (chunk) => {
        said += String(chunk);
      });
      socket.on('end', () => resolve(said));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain(`content-security-policy: ${CONTENT_SECURITY_POLICY}\r\n`);
    expect(text).toContain('x-content-type-options: nosniff\r\n');
    expect(text).toContain('x-frame-options: DENY\r\n');
  });
});

describe('isOwnHost', () => {
  it('isOwnHost takes the loopback names at the port, in any case, and nothing else', () => {
    expect(['127.0.0.1:5170', 'localhost:5170', 'Localhost:5170', '[::1]:5170'].map((h) => isOwnHost(h, 5170))).toEqual([true, true, true, true]);
    expect(['127.0.0.1:5171', 'localhost', '0.0.0.0:5170', '127.0.0.2:5170', 'localhost.:5170', undefined].map((h) => isOwnHost(h, 5170))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
