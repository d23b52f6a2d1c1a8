/**
 * Distributed sweeps on Redis: batches of points go out as BullMQ jobs on one shared queue; any number of `supernode
 * worker` processes run them and push each batch's results onto the sweep's own result list; one collector writes that
 * list into the results store. A job whose worker dies is retried when its lock expires; a batch that runs twice lands
 * once, because the store keeps one row per point key.
 */

import type { PointResult, SweepPoint, SweepSpec } from '@supernode/core';
import { excerpt } from '@supernode/core';
import { UsageError } from '../errors.js';

export const QUEUE_NAME = 'supernode-sweeps';

/** The Redis list a sweep's results wait on until the collector stores them. */
export const resultsKey = (fingerprint: string) => `supernode:sweep:${fingerprint}:results`;

export interface SweepJob {
  readonly fingerprint: string;
  readonly spec: SweepSpec;
  readonly systemInput: Record<string, unknown>;
  readonly points: readonly SweepPoint[];
}

/** host and port of a redis:// URL (the only scheme: a local or private network queue). */
export function parseRedisUrl(url: string): { host: string; port: number; db: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`option --queue: ${excerpt(url)} is not a URL; expected redis://host:port`);
  }
  if (parsed.protocol !== 'redis:') throw new UsageError(`option --queue: expected a redis://host:port URL, received ${excerpt(url)}`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new UsageError(`option --queue: the database in ${excerpt(url)} must be a whole number`);
  return { host: parsed.hostname || '127.0.0.1', port: parsed.port ? Number(parsed.port) : 6379, db };
}

/** An ioredis connection as BullMQ wants it (no per-command retry limit), failing fast with a clear message. */
export async function connect(url: string) {
  const { Redis } = await import('ioredis');
  const { host, port, db } = parseRedisUrl(url);
  const redis = new Redis({ host, port, db, maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: (n) => (n > 3 ? null : 200) });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new UsageError(`cannot reach the queue at ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return redis;
}

export type Results = readonly PointResult[];

/** JSON that keeps Infinity and NaN (a point's cost per token is infinite when it makes no tokens). */
export const encodeResults = (results: Results): string =>
  JSON.stringify(results, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v));

export const decodeResults = (text: string): PointResult[] =>
  JSON.parse(text, (_k, v) => (v !== null && typeof v === 'object' && 'nonFinite' in v && Object.keys(v).length === 1 ? Number(v.nonFinite) : v));
