/** The sweep results store: one DuckDB file per sweep, a row per point, committed batch by batch so a killed run loses nothing. */

import { closeSync } from 'node:fs';
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AxisValue, MetricSpec, PointResult } from '@supernode/core';
import { UsageError } from '../errors.js';
import { openRegularFile } from '../open-file.js';
import { closeDatabase, createComplete, holdingsOf, holdsNothing, inTransaction, openDatabase } from './store-file.js';

/** A column of the points table beyond the fixed ones: an axis (its path) or a metric (its name). */
export interface Column {
  readonly name: string;
  readonly type: 'DOUBLE' | 'BOOLEAN' | 'VARCHAR';
  readonly from: 'axis' | 'metric';
}

const FIXED = ['key VARCHAR PRIMARY KEY', 'idx BIGINT', 'status VARCHAR', 'error VARCHAR', 'violations VARCHAR'];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The columns a sweep's rows need: each axis path typed by its values, then each metric by its kind (a metric wins a name clash). */
export function columnsFor(axes: readonly { path: string; values: readonly AxisValue[] }[], metrics: Readonly<Record<string, MetricSpec>>): Column[] {
  const metricColumns: Column[] = Object.entries(metrics).map(([name, m]) => ({
    name,
    type: m.kind === 'bool' ? 'BOOLEAN' : m.kind === 'text' ? 'VARCHAR' : 'DOUBLE',
    from: 'metric',
  }));
  const axisColumns: Column[] = axes
    .filter((a) => !(a.path in metrics))
    .map((a) => ({
      name: a.path,
      type: a.values.every((v) => typeof v === 'number') ? 'DOUBLE' : a.values.every((v) => typeof v === 'boolean') ? 'BOOLEAN' : 'VARCHAR',
      from: 'axis',
    }));
  return [...axisColumns, ...metricColumns];
}

export class ResultsStore {
  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly columns: readonly Column[],
  ) {}

  /**
   * Opens (or creates) `file` for the sweep whose identity is `fingerprint`. A new file appears complete (store-file.ts:
   * built under a temporary name, its schema and fingerprint in one transaction); a file holding nothing a sweep wrote
   * (an empty database, an earlier version's interrupted start) is rebuilt in one transaction. A file holding another
   * sweep's points, anything else, or one another process is writing is refused with a message saying what to do, and
   * left as it is.
   */
  static async open(file: string, fingerprint: string, columns: readonly Column[], meta: Readonly<Record<string, string>>): Promise<ResultsStore> {
    const schema = (connection: DuckDBConnection) => inTransaction(connection, (c) => writeSchema(c, fingerprint, columns, meta));
    await createComplete(file, schema);
    const db = await openDatabase(file);
    try {
      const held = await holdingsOf(db.connection);
      if (holdsNothing(held)) await schema(db.connection);
      else if (held.fingerprint === undefined || !held.tables.includes('points'))
        throw new UsageError(`'${file}' is not a sweep results file (it holds tables ${held.tables.join(', ')}); it is left as it is: pass another --out`);
      else if (held.fingerprint !== fingerprint)
        throw new UsageError(
          `results file '${file}' holds the points of another sweep (its spec, base system or constraints differ); pass another --out or delete it to start over`,
        );
    } catch (error) {
      closeDatabase(db);
      throw error;
    }
    return new ResultsStore(file, db.instance, db.connection, columns);
  }

  /** Read-only access for reports (pareto, export): the table as it stands. */
  static async read(file: string): Promise<ResultsStore> {
    // A FIFO or device is refused before DuckDB opens it (its open would wait for a writer forever).
    closeSync(openRegularFile(file, 'results').fd);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new UsageError(`cannot read results file '${file}': ${message}`);
    }
    const connection = await instance.connect();
    const tables = (await connection.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_name IN ('points', 'meta')")).getRowObjects();
    if (tables.length < 2) throw new UsageError(`'${file}' is not a sweep results file (no points and meta tables)`);
    return new ResultsStore(file, instance, connection, []);
  }

  async meta(): Promise<Record<string, string>> {
    const rows = (await this.connection.runAndReadAll('SELECT name, value FROM meta')).getRowObjects();
    return Object.fromEntries(rows.map((r) => [String(r.name), String(r.value)]));
  }

  /** Keys of the points already stored (finished, ok or failed). */
  async finishedKeys(): Promise<Set<string>> {
    const rows = (await this.connection.runAndReadAll('SELECT key FROM points')).getRowObjects();
    return new Set(rows.map((r) => String(r.key)));
  }

  /** Appends a batch in one commit; keys already stored are the caller's to skip (the primary key refuses them). */
  async append(results: readonly PointResult[]): Promise<void> {
    if (results.length === 0) return;
    const appender: DuckDBAppender = await this.connection.createAppender('points');
    try {
      for (const r of results) {
        appender.appendVarchar(r.key);
        appender.appendBigInt(BigInt(r.index));
        appender.appendVarchar(r.status);
        nullable(appender, r.error, (v) => appender.appendVarchar(v));
        nullable(appender, r.violations.length > 0 ? r.violations.join('; ') : undefined, (v) => appender.appendVarchar(v));
        for (const c of this.columns) appendValue(appender, c, c.from === 'axis' ? r.params[c.name] : r.metrics[c.name]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Every row as plain values, in point order. */
  async rows(where = 'TRUE'): Promise<Record<string, unknown>[]> {
    const rows = (await this.connection.runAndReadAll(`SELECT * FROM points WHERE ${where} ORDER BY idx`)).getRowObjectsJS();
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  }

  /** The points table's columns, in order. */
  async columnNames(): Promise<string[]> {
    const sql = "SELECT column_name FROM information_schema.columns WHERE table_name = 'points' ORDER BY ordinal_position";
    return (await this.connection.runAndReadAll(sql)).getRowObjects().map((r) => String(r.column_name));
  }

  async count(where = 'TRUE'): Promise<number> {
    const row = (await this.connection.runAndReadAll(`SELECT count(*) AS n FROM points WHERE ${where}`)).getRowObjects()[0];
    return Number(row?.n ?? 0);
  }

  /** Writes the table, in point order, as CSV (with a header) or Parquet. */
  async export(file: string, format: 'csv' | 'parquet'): Promise<void> {
    const target = file.replace(/'/g, "''");
    try {
      await this.connection.run(`COPY (SELECT * FROM points ORDER BY idx) TO '${target}' (${format === 'csv' ? 'HEADER' : 'FORMAT parquet'})`);
    } catch (error) {
      throw new UsageError(`cannot write '${file}': ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function nullable<T>(appender: DuckDBAppender, value: T | undefined, append: (v: T) => void): void {
  if (value === undefined) appender.appendNull();
  else append(value);
}

function appendValue(appender: DuckDBAppender, column: Column, value: unknown): void {
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) {
    appender.appendNull();
  } else if (column.type === 'DOUBLE') {
    if (typeof value === 'number') appender.appendDouble(value);
    else if (typeof value === 'boolean') appender.appendDouble(value ? 1 : 0);
    else appender.appendNull();
  } else if (column.type === 'BOOLEAN') {
    appender.appendBoolean(value === true);
  } else {
    appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** The meta and points tables, replacing any (empty) ones; the fingerprint is written last, as the mark of a whole schema. */
async function writeSchema(c: DuckDBConnection, fingerprint: string, columns: readonly Column[], meta: Readonly<Record<string, string>>): Promise<void> {
  await c.run('DROP TABLE IF EXISTS points');
  await c.run('DROP TABLE IF EXISTS meta');
  await c.run('CREATE TABLE meta (name VARCHAR PRIMARY KEY, value VARCHAR)');
  await c.run(`CREATE TABLE points (${[...FIXED, ...columns.map((col) => `${quote(col.name)} ${col.type}`)].join(', ')})`);
  for (const [name, value] of Object.entries({ ...meta, fingerprint })) await c.run('INSERT INTO meta VALUES ($1, $2)', [name, value]);
}
