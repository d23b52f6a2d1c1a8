/** Per-mechanism error tables of the calibration script: predicted against measured per row, grouped by GPU and shape bucket, before and after the kernel mechanisms. */

import { markdownTable } from '../../packages/cli/src/report/markdown.js';

/** One table row held against the model: its GPU, its bucket, the measured time and the two predictions, seconds. */
export interface Comparison {
  readonly gpu: string;
  readonly bucket: string;
  readonly measuredS: number;
  readonly beforeS: number;
  readonly afterS: number;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

const errorPct = (predicted: number, measured: number) => ((predicted - measured) / measured) * 100;
const pct = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(0)}%`;
const spread = (errors: readonly number[]) => `${pct(quantile(errors, 0.1))} .. ${pct(quantile(errors, 0.9))}`;

/**
 * A Markdown table per mechanism: for each GPU and bucket, the rows compared, the median error and its 10th-90th
 * percentile spread before and after (error = (predicted - measured) / measured).
 */
export function errorTable(title: string, comparisons: readonly Comparison[]): string {
  const groups = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    const key = `${c.gpu}\u0000${c.bucket}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const rows = [...groups.entries()].map(([key, group]) => {
    const [gpu, bucket] = key.split('\u0000') as [string, string];
    const before = group.map((c) => errorPct(c.beforeS, c.measuredS));
    const after = group.map((c) => errorPct(c.afterS, c.measuredS));
    return [gpu, bucket, String(group.length), pct(median(before)), spread(before), pct(median(after)), spread(after)];
  });
  const all = (pick: (c: Comparison) => number) => comparisons.map((c) => Math.abs(errorPct(pick(c), c.measuredS)));
  const summary = `median |error| over ${comparisons.length} rows: before ${median(all((c) => c.beforeS)).toFixed(1)}%, after ${median(all((c) => c.afterS)).toFixed(1)}%`;
  const table = markdownTable(['GPU', 'bucket', 'rows', 'before: median', 'before: p10 .. p90', 'after: median', 'after: p10 .. p90'], rows);
  return `## ${title}\n\n${table}\n\n${summary}\n`;
}
