/** A sweep run in the page: its points spread over Web Workers, each result kept in the page's storage as it lands, so a reload or a cancel resumes where it stopped. */

import { Cancelled, SimClient } from '../sim/client.js';
import type { SweepPlan, SweepPointResult } from '../sim/protocol.js';
import type { SweepRow } from './sweep-table.js';

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
}

/** FNV-1a of the spec's text: where its results are kept (the same text, the same points). */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const keyOf = (spec: string) => `supernode-sweep:${hashOf(spec)}`;

/** The results kept for this spec text, by point key (none if storage is unavailable or holds something else). */
export function storedResults(spec: string): Map<string, SweepPointResult> {
  try {
    const raw = localStorage.getItem(keyOf(spec));
    const kept = raw ? (JSON.parse(raw) as { spec?: string; results?: SweepPointResult[] }) : undefined;
    if (kept?.spec !== spec || !Array.isArray(kept.results)) return new Map();
    return new Map(kept.results.map((r) => [r.key, r]));
  } catch {
    return new Map();
  }
}

function store(spec: string, results: Map<string, SweepPointResult>): void {
  try {
    localStorage.setItem(keyOf(spec), JSON.stringify({ spec, results: [...results.values()] }));
  } catch {
    // Storage full or blocked: the run goes on, and a rerun recomputes what was not kept.
  }
}

/** Forgets the results kept for a spec (a rerun from scratch). */
export function forgetResults(spec: string): void {
  try {
    localStorage.removeItem(keyOf(spec));
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/**
 * Runs every point of `spec` not already kept, `workers` at a time in batches, and returns every point's result in the
 * spec's order. Each point is evaluated by core exactly as `supernode sweep` evaluates it, so the split over workers
 * never changes a figure.
 */
export class PageSweep {
  private readonly clients: SimClient[];
  private cancelled = false;

  constructor(workers: number) {
    this.clients = Array.from({ length: Math.max(1, workers) }, () => new SimClient());
  }

  async plan(spec: string, file: string): Promise<SweepPlan> {
    return (this.clients[0] as SimClient).sweepPlan(spec, file);
  }

  async run(spec: string, file: string, plan: SweepPlan, progress: (p: SweepProgress) => void): Promise<SweepPointResult[]> {
    const results = storedResults(spec);
    const todo = plan.points.filter((p) => !results.has(p.key)).map((p) => p.index);
    const batch = Math.max(1, Math.min(16, Math.ceil(todo.length / (this.clients.length * 4))));
    let next = 0;
    const report = () => progress({ done: results.size, total: plan.points.length });
    report();
    const work = async (client: SimClient) => {
      while (!this.cancelled && next < todo.length) {
        const indices = todo.slice(next, next + batch);
        next += indices.length;
        for (const r of await client.sweepPoints(spec, file, indices)) results.set(r.key, r);
        store(spec, results);
        report();
      }
    };
    await Promise.all(this.clients.map(work));
    if (this.cancelled) throw new Cancelled();
    return plan.points.map((p) => results.get(p.key)).filter((r): r is SweepPointResult => r !== undefined);
  }

  /** Stops every worker; the results kept so far stay for the next run. */
  cancel(): void {
    this.cancelled = true;
    for (const c of this.clients) c.cancel();
  }

  close(): void {
    for (const c of this.clients) c.terminate();
  }
}

/** A value as one table cell: lists and objects as their JSON, as `supernode sweep` stores axis values. */
const cellOf = (v: unknown): number | string | boolean | null =>
  v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as number | string | boolean);

/** A point as a row: its axis values, status and error, its metrics and `feasible`, columns named as the CLI's results file names them. */
export function rowOf(r: SweepPointResult): SweepRow {
  const row: SweepRow = {
    key: r.key,
    idx: r.index,
    status: r.status,
    error: r.error ?? null,
    violations: r.violations.length > 0 ? r.violations.join('; ') : null,
  };
  for (const [k, v] of Object.entries(r.params)) row[k] = cellOf(v);
  for (const [k, v] of Object.entries(r.metrics)) if (k !== 'feasible') row[k] = v;
  row.feasible = r.feasible;
  return row;
}

/** Rows as a Parquet file: numbers as DOUBLE, yes/no as BOOLEAN, the rest as text; missing values as nulls. */
export async function parquetOf(rows: readonly SweepRow[]): Promise<ArrayBuffer> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columnData = columns.map((name) => {
    const data = rows.map((r) => r[name] ?? null);
    const present = data.filter((v) => v !== null);
    const type = present.every((v) => typeof v === 'number') ? 'DOUBLE' : present.every((v) => typeof v === 'boolean') ? 'BOOLEAN' : 'STRING';
    return { name, data: type === 'STRING' ? data.map((v) => (v === null ? null : String(v))) : data, type } as const;
  });
  return parquetWriteBuffer({ columnData });
}
