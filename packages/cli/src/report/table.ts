/** Terminal tables: cli-table3 with colour and box styles only on a TTY, plain and stable otherwise. */

import Table from 'cli-table3';
import pc from 'picocolors';

const tty = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const t = new Table({
    head: head.map((h) => (tty() ? pc.bold(h) : h)),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) t.push([...row]);
  return t.toString();
}

export function heading(text: string): string {
  return tty() ? pc.bold(pc.cyan(text)) : text;
}

export function warn(text: string): string {
  return tty() ? pc.yellow(`warning: ${text}`) : `warning: ${text}`;
}

/** Three significant figures, thousands kept whole. */
export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(digits)));
}
