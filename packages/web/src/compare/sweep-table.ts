/** Sweep results read in the browser: the JSON, CSV or Parquet a sweep exports, as rows of named values. */

export type SweepRow = Record<string, number | string | boolean | null>;

export async function readSweepFile(file: File): Promise<SweepRow[]> {
  const name = file.name.toLowerCase();
  if (name.endsWith('.parquet')) {
    const { parquetReadObjects } = await import('hyparquet');
    const rows = (await parquetReadObjects({ file: await file.arrayBuffer() })) as Record<string, unknown>[];
    return rows.map(plain);
  }
  const text = await file.text();
  if (name.endsWith('.json')) {
    const data = JSON.parse(text) as unknown;
    const list = Array.isArray(data) ? data : (data as { points?: unknown }).points;
    if (!Array.isArray(list)) throw new Error(`${file.name}: expected a JSON array of points (or {points: [...]})`);
    return list.map((r) => plain(r as Record<string, unknown>));
  }
  if (name.endsWith('.csv')) return parseCsv(text, file.name);
  throw new Error(`${file.name}: expected .parquet, .json or .csv (supernode sweep --parquet, --csv or pareto --json)`);
}

/** Rows flattened one level (`metrics.x` -> `x`) with big integers as numbers. */
function plain(row: Record<string, unknown>): SweepRow {
  const out: SweepRow = {};
  const put = (k: string, v: unknown) => {
    if (typeof v === 'bigint') out[k] = Number(v);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v))
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 !== 'object') put(k2 in out ? `${k}.${k2}` : k2, v2);
  };
  for (const [k, v] of Object.entries(row)) put(k, v);
  return out;
}

function parseCsv(text: string, file: string): SweepRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const split = (line: string) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        cells.push(cell);
        cell = '';
      } else cell += c;
    }
    cells.push(cell);
    return cells;
  };
  const header = split(lines[0] ?? '');
  if (header.length < 2) throw new Error(`${file}: expected a CSV header line of columns`);
  return lines.slice(1).map((line) => {
    const cells = split(line);
    const row: SweepRow = {};
    header.forEach((h, i) => {
      const c = cells[i] ?? '';
      row[h] = c === '' ? null : c === 'true' || c === 'false' ? c === 'true' : Number.isFinite(Number(c)) ? Number(c) : c;
    });
    return row;
  });
}

/** Columns holding numbers (and nulls where a point failed), in the order they first appear. */
export function numericColumns(rows: readonly SweepRow[]): string[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const numeric = (v: unknown) => v === null || v === undefined || typeof v === 'number';
  return keys.filter((k) => rows.some((r) => typeof r[k] === 'number') && rows.every((r) => numeric(r[k])));
}

/** The points no other beats on both axes, best x first (one sort and a sweep). */
export function front2d(rows: readonly SweepRow[], x: string, y: string, xGoal: 'min' | 'max', yGoal: 'min' | 'max'): SweepRow[] {
  const sx = xGoal === 'max' ? -1 : 1;
  const sy = yGoal === 'max' ? -1 : 1;
  const finite = rows.filter((r) => Number.isFinite(r[x]) && Number.isFinite(r[y]));
  const sorted = [...finite].sort((a, b) => sx * ((a[x] as number) - (b[x] as number)) || sy * ((a[y] as number) - (b[y] as number)));
  const front: SweepRow[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const r of sorted) {
    const v = sy * (r[y] as number);
    if (v < best) {
      front.push(r);
      best = v;
    }
  }
  return front;
}
