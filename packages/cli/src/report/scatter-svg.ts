/** A scatter plot as standalone SVG: every point in grey, the Pareto front in colour joined by a line, axes with ticks. */

import { escapeMarkup } from './markup.js';

export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

const W = 720;
const H = 480;
const M = { left: 80, right: 24, top: 32, bottom: 56 };

/** About five round tick values across [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / 5;
  const step = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + nice * 1e-9; v += nice) out.push(Number(v.toPrecision(12)));
  return out;
}

const short = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

export function scatterSvg(all: readonly ScatterPoint[], front: readonly ScatterPoint[], xLabel: string, yLabel: string, title: string): string {
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const pad = (lo: number, hi: number) => (hi > lo ? [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05] : [lo - 1, hi + 1]) as [number, number];
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeMarkup(title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
  ];
  for (const t of ticks(x0, x1)) {
    parts.push(`<line x1="${sx(t)}" y1="${H - M.bottom}" x2="${sx(t)}" y2="${H - M.bottom + 5}" stroke="black"/>`);
    parts.push(`<text x="${sx(t)}" y="${H - M.bottom + 18}" text-anchor="middle">${short(t)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${M.left - 5}" y1="${sy(t)}" x2="${M.left}" y2="${sy(t)}" stroke="black"/>`);
    parts.push(`<text x="${M.left - 8}" y="${sy(t) + 4}" text-anchor="end">${short(t)}</text>`);
  }
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${escapeMarkup(xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeMarkup(yLabel)}</text>`);
  for (const p of all)
    parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="#bbb"><title>${escapeMarkup(p.label)}</title></circle>`);
  const line = [...front].sort((a, b) => a.x - b.x).map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`);
  if (line.length > 1) parts.push(`<polyline points="${line.join(' ')}" fill="none" stroke="#d62728" stroke-width="1.5"/>`);
  for (const p of front)
    parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="5" fill="#d62728"><title>${escapeMarkup(p.label)}</title></circle>`);
  parts.push('</svg>');
  return parts.join('\n');
}
