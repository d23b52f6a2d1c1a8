import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { PointResult } from '@supernode/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type Column, ResultsStore } from './store.js';
import { creatingName } from './store-file.js';

const dir = mkdtempSync(join(tmpdir(), 'supernode-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns: Column[] = [
  { name: 'args.tp', type: 'DOUBLE', from: 'axis' },
  { name: 'feasible', type: 'BOOLEAN', from: 'metric' },
];
const point = (index: number): PointResult => ({
  index,
  key: JSON.stringify({ 'args.tp': index }),
  params: { 'args.tp': index },
  status: 'ok',
  metrics: { feasible: true },
  feasible: true,
  violations: [],
});

/** A DuckDB file made by `statements` and closed, as an earlier run (or another program) would leave it. */
async function database(file: string, ...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  for (const sql of statements) await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

/** Opens `file` for fingerprint `f1`, stores points 0 and 1 unless it holds them, and says which keys it held before. */
async function resume(file: string): Promise<string[]> {
  const store = await ResultsStore.open(file, 'f1', columns, { spec: '{}' });
  try {
    const before = [...(await store.finishedKeys())];
    await store.append([point(0), point(1)].filter((p) => !before.includes(p.key)));
    expect(await store.count()).toBe(2);
    return before;
  } finally {
    store.close();
  }
}

const fresh = (name: string) => {
  const sub = mkdtempSync(join(dir, `${name}-`));
  return { sub, file: join(sub, 'r.duckdb') };
};

describe('ResultsStore.open', () => {
  it('ResultsStore.open creates a complete file, leaves nothing beside it, and resumes it', async () => {
    const { sub, file } = fresh('new');
    expect(await resume(file)).toEqual([]);
    expect(readdirSync(sub)).toEqual(['r.duckdb']);
    expect(await resume(file)).toEqual(['{"args.tp":0}', '{"args.tp":1}']);
  });

  it.each([
    ['an empty database', [] as string[]],
    ['an earlier interrupted start: meta without a fingerprint', ['CREATE TABLE meta (name VARCHAR PRIMARY KEY, value VARCHAR)']],
    [
      'an earlier interrupted start: meta and an empty points table, the fingerprint not yet written',
      [
        'CREATE TABLE meta (name VARCHAR PRIMARY KEY, value VARCHAR)',
        "INSERT INTO meta VALUES ('spec', '{}')",
        'CREATE TABLE points (key VARCHAR PRIMARY KEY, idx BIGINT)',
      ],
    ],
  ])('ResultsStore.open rebuilds a file holding no results: %s', async (_what, statements) => {
    const { file } = fresh('rebuild');
    await database(file, ...statements);
    expect(await resume(file)).toEqual([]);
  });

  it('ResultsStore.open throws away what an interrupted start left under the temporary name, its log included', async () => {
    const { sub, file } = fresh('temp');
    // A kill while DuckDB wrote the first block of the temporary file: a few bytes it cannot read, and a log.
    writeFileSync(creatingName(file), Buffer.from('partial header'));
    writeFileSync(`${creatingName(file)}.wal`, Buffer.from('partial log'));
    expect(await resume(file)).toEqual([]);
    expect(readdirSync(sub)).toEqual(['r.duckdb']);
  });

  it('ResultsStore.open opens a file already linked into place whose temporary name a kill left behind', async () => {
    const { sub, file } = fresh('linked');
    expect(await resume(file)).toEqual([]);
    // Killed between the link and the removal of the temporary name: both name the one complete file.
    linkSync(file, creatingName(file));
    expect(await resume(file)).toEqual(['{"args.tp":0}', '{"args.tp":1}']);
    expect(readdirSync(sub)).toEqual(['r.duckdb']);
  });

  it.each([
    [
      'a zero-byte file',
      (file: string) => writeFileSync(file, ''),
      /cannot open results file '.*r\.duckdb': .*not a valid DuckDB database file.*; a sweep only ever puts a complete results file under that name, so this one is left as it is: pass another --out/,
    ],
    ['a CSV file', (file: string) => writeFileSync(file, 'key,idx\na,1\n'), /cannot open results file .*left as it is/],
    [
      'a database with other tables',
      (file: string) => database(file, 'CREATE TABLE runs (a INTEGER)', 'INSERT INTO runs VALUES (1)'),
      /'.*r\.duckdb' is not a sweep results file \(it holds tables runs\); it is left as it is: pass another --out/,
    ],
    [
      'a points table with rows but no fingerprint',
      (file: string) =>
        database(file, 'CREATE TABLE meta (name VARCHAR, value VARCHAR)', 'CREATE TABLE points (key VARCHAR)', "INSERT INTO points VALUES ('x')"),
      /is not a sweep results file \(it holds tables meta, points\)/,
    ],
    ["another sweep's results", (file: string) => resume(file).then(() => undefined), /holds the points of another sweep/],
  ])('ResultsStore.open refuses %s and leaves it byte for byte as it was', async (_what, make, message) => {
    const { file } = fresh('refuse');
    await make(file);
    const before = readFileSync(file);
    const open = ResultsStore.open(file, _what === "another sweep's results" ? 'f2' : 'f1', columns, { spec: '{}' });
    await expect(open).rejects.toThrow(message);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(creatingName(file))).toBe(false);
  });

  it('ResultsStore.open refuses to start a file beside a log whose database is gone, and keeps the log', async () => {
    const { file } = fresh('orphan');
    writeFileSync(`${file}.wal`, Buffer.from('commits of a deleted results file'));
    await expect(ResultsStore.open(file, 'f1', columns, {})).rejects.toThrow(
      /'.*r\.duckdb\.wal' is DuckDB's log of a results file '.*r\.duckdb' that is gone \(deleted by hand\?\); it may hold results, so it is left as it is/,
    );
    expect(existsSync(file)).toBe(false);
    expect(statSync(`${file}.wal`).size).toBe(33);
  });
});
