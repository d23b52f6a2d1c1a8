/** How a results file comes to be: built complete under a temporary name and linked into place, so no kill leaves half of one. */

import { existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UsageError } from '../errors.js';

/** An open DuckDB database. */
export interface Database {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
}

/** What an existing results file holds, as far as deciding whether it may be resumed or rebuilt. */
export interface Holdings {
  /** The sweep it was written for: the meta table's last row of its schema, written in the schema's own transaction. */
  readonly fingerprint: string | undefined;
  /** Every table in it. */
  readonly tables: readonly string[];
  /** Rows of its points table (0 without one). */
  readonly points: number;
}

/**
 * The name a results file is built under: only a sweep creating `file` writes it, and it never holds a point (points
 * are written once the file is in place), so a leftover one is an interrupted start and may be rebuilt.
 */
export const creatingName = (file: string): string => `${file}.creating`;

/** DuckDB's write-ahead log beside a database file: commits not yet folded into the file. */
const walOf = (file: string): string => `${file}.wal`;

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] as string;
const isLock = (error: unknown): boolean => /lock/i.test(firstLine(error));
const inUse = (file: string) =>
  new UsageError(`results file '${file}' is in use by another process (a sweep or a collector writes it); wait for it or pass another --out`);

/** Opens `file` read-write; a file another process holds, or one DuckDB cannot read, is refused and left as it is. */
export async function openDatabase(file: string): Promise<Database> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (error) {
    if (isLock(error)) throw inUse(file);
    throw new UsageError(
      `cannot open results file '${file}': ${firstLine(error)}; a sweep only ever puts a complete results file under that name, ` +
        'so this one is left as it is: pass another --out, or delete it if it holds nothing you need',
    );
  }
  return { instance, connection: await instance.connect() };
}

export function closeDatabase(db: Database): void {
  db.connection.closeSync();
  db.instance.closeSync();
}

/** What `db` holds: its tables, its fingerprint, its points. */
export async function holdingsOf(connection: DuckDBConnection): Promise<Holdings> {
  const tables = (await connection.runAndReadAll('SELECT table_name FROM information_schema.tables ORDER BY table_name'))
    .getRowObjects()
    .map((r) => String(r.table_name));
  const fingerprint = tables.includes('meta')
    ? (await connection.runAndReadAll("SELECT value FROM meta WHERE name = 'fingerprint'")).getRowObjects()[0]?.value
    : undefined;
  const points = tables.includes('points') ? Number((await connection.runAndReadAll('SELECT count(*) AS n FROM points')).getRowObjects()[0]?.n ?? 0) : 0;
  return { fingerprint: fingerprint === undefined || fingerprint === null ? undefined : String(fingerprint), tables, points };
}

/**
 * True for a file no sweep result can be in: no fingerprint, no table but an empty `points` and a `meta`, no point. An
 * empty database, or a start this tool's earlier versions interrupted before their schema was whole (they created it
 * statement by statement, the fingerprint last); rebuilding it loses nothing.
 */
export function holdsNothing(h: Holdings): boolean {
  return h.fingerprint === undefined && h.points === 0 && h.tables.every((t) => t === 'meta' || t === 'points');
}

/**
 * Runs `statements` in one transaction: all of them land, or (killed, or failing) none does. DuckDB commits through its
 * write-ahead log, so a process killed before COMMIT leaves the file as it was.
 */
export async function inTransaction(connection: DuckDBConnection, statements: (c: DuckDBConnection) => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await statements(connection);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Creates `file` complete: the schema is built in `creatingName(file)` (a leftover of an interrupted start thrown away
 * first), the database closed (DuckDB folds its log into the file), then hard-linked to `file`, which fails rather than
 * replace a file another start put there meanwhile, and the temporary name removed. A kill at any moment leaves either
 * no `file` or a complete one. Leaves a `file` that exists as it is.
 */
export async function createComplete(file: string, build: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
  if (existsSync(file)) {
    // A kill between the link and the removal of the temporary name leaves both naming the one file: drop the spare.
    if (sameFile(creatingName(file), file)) rmSync(creatingName(file));
    return;
  }
  if (existsSync(walOf(file)))
    throw new UsageError(
      `'${walOf(file)}' is DuckDB's log of a results file '${file}' that is gone (deleted by hand?); it may hold results, so it is ` +
        `left as it is, and a new '${file}' would take its log in: move or delete it, or pass another --out`,
    );
  const temp = creatingName(file);
  await discardInterruptedStart(temp, file);
  const db = await openDatabase(temp);
  try {
    await build(db.connection);
    // Into the file itself, not only its log: the link below names the file alone.
    await db.connection.run('CHECKPOINT');
  } finally {
    closeDatabase(db);
  }
  try {
    linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOENT: another start of this sweep took the temporary name over (it found it unlocked after the close above).
    if (code === 'ENOENT') throw inUse(file);
    // EEXIST: another start of this sweep put its complete file there first; that one is opened instead.
    if (code !== 'EEXIST') {
      // A file system without hard links: a rename, which could replace a file that appeared since the check above.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code ?? '')) throw error;
      if (!existsSync(file)) renameSync(temp, file);
    }
  }
  rmSync(temp, { force: true });
}

function sameFile(a: string, b: string): boolean {
  try {
    const [sa, sb] = [statSync(a), statSync(b)];
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/**
 * Removes what an interrupted start left under the temporary name (a partial file, a half-built or complete schema,
 * their log); a start still running holds DuckDB's lock on it, and is left alone with a message.
 */
async function discardInterruptedStart(temp: string, file: string): Promise<void> {
  if (existsSync(temp)) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    try {
      (await DuckDBInstance.create(temp)).closeSync();
    } catch (error) {
      // A lock: another process is creating it now. Anything else: a partial file DuckDB cannot read, as a kill leaves.
      if (isLock(error)) throw inUse(file);
    }
  }
  // The log first: a kill between the two removals must not leave a log without its file.
  rmSync(walOf(temp), { force: true });
  rmSync(temp, { force: true });
}
