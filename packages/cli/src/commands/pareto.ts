/** `supernode pareto <results>`: the Pareto front of a sweep's results over two metrics, as a table, JSON and an SVG/HTML plot. */

import { writeFileSync } from 'node:fs';
import { excerpt, paretoFront, type SweepSpec } from '@supernode/core';
import { UsageError } from '../errors.js';
import { checkOutputFile } from '../output-file.js';
import { escapeMarkup } from '../report/markup.js';
import { scatterSvg } from '../report/scatter-svg.js';
import { heading, num, table } from '../report/table.js';
import { ResultsStore } from '../sweep/store.js';

export interface ParetoCommandOptions {
  readonly x: string;
  readonly y: string;
  readonly minimize?: string;
  readonly all?: boolean;
  readonly plot?: string;
  readonly json?: boolean;
}

export async function runPareto(file: string, o: ParetoCommandOptions): Promise<string> {
  checkOutputFile(o.plot, '--plot');
  const store = await ResultsStore.read(file);
  try {
    const meta = await store.meta();
    const spec = JSON.parse(meta.spec ?? '{}') as Partial<SweepSpec>;
    const rows = await store.rows(o.all ? "status = 'ok'" : "status = 'ok' AND feasible");
    const columns = await store.columnNames();
    for (const m of [o.x, o.y]) {
      if (!columns.includes(m)) {
        const metrics = columns.filter((c) => !['key', 'idx', 'status', 'error', 'violations'].includes(c));
        throw new UsageError(`option --x/--y: ${excerpt(m)} is not a metric of ${file}; it has ${metrics.join(', ')}`);
      }
    }
    const minimized = new Set(
      (o.minimize ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    for (const m of minimized) if (m !== o.x && m !== o.y) throw new UsageError(`option --minimize: ${excerpt(m)} is neither --x (${o.x}) nor --y (${o.y})`);
    const goal = (m: string) => (minimized.has(m) ? 'min' : (spec.objectives?.find((ob) => ob.metric === m)?.goal ?? 'max'));
    const goals = [goal(o.x), goal(o.y)] as const;
    const scored = rows.map((r) => ({ item: r, values: [Number(r[o.x]), Number(r[o.y])] }));
    const front = paretoFront(scored, [...goals]).map((s) => s.item);
    if (o.plot) writePlot(o.plot, scored, front, o, goals, spec.name ?? file);
    if (o.json) return JSON.stringify(front, null, 2);
    const axes = (spec.axes ?? []).flatMap((a) => ('zip' in a ? a.zip : [a])).map((a) => a.path);
    const cell = (v: unknown) => (typeof v === 'number' ? num(v) : v === null || v === undefined ? '-' : String(v));
    return [
      heading(`Pareto front of ${file}: ${goals[0] === 'max' ? 'maximize' : 'minimize'} ${o.x}, ${goals[1] === 'max' ? 'maximize' : 'minimize'} ${o.y}`),
      `${front.length} of ${rows.length} ${o.all ? 'points that ran' : 'feasible points'}`,
      table(
        [...axes, o.x, o.y],
        front.map((r) => [...axes.map((a) => cell(r[a])), cell(r[o.x]), cell(r[o.y])]),
      ),
      ...(o.plot ? [`plot: ${o.plot}`] : []),
    ].join('\n');
  } finally {
    store.close();
  }
}

/** The HTML plot runs no script and loads nothing: the SVG and its styles are inline. */
export const PLOT_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

function writePlot(
  path: string,
  scored: readonly { item: Record<string, unknown>; values: readonly number[] }[],
  front: readonly Record<string, unknown>[],
  o: ParetoCommandOptions,
  goals: readonly string[],
  name: string,
): void {
  const point = (r: Record<string, unknown>) => ({ x: Number(r[o.x]), y: Number(r[o.y]), label: String(r.key) });
  const all = scored.filter((s) => s.values.every(Number.isFinite)).map((s) => point(s.item));
  if (all.length === 0) throw new UsageError(`option --plot: no point has finite ${o.x} and ${o.y} to plot`);
  const svg = scatterSvg(all, front.map(point), `${o.x} (${goals[0]})`, `${o.y} (${goals[1]})`, `${name}: Pareto front`);
  const body = path.endsWith('.html')
    ? `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PLOT_POLICY}"><title>${escapeMarkup(name)}</title></head><body>\n${svg}\n<p>${front.length} points on the front of ${all.length}; hover a point for its axis values.</p>\n</body></html>\n`
    : `${svg}\n`;
  try {
    writeFileSync(path, body);
  } catch (error) {
    throw new UsageError(`option --plot: cannot write '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
