/** A system's topology as a standalone SVG: the picture the web UI draws (groups in layers, links sized by capacity), for the docs. */

import { buildSystem, buildTopology, systemPresets, systemSchema } from '@supernode/core';
import { escapeMarkup } from '../packages/web/src/report/markup.js';
import { type TopologyPicture, topologyPicture } from '../packages/web/src/sim/picture.js';

const W = 760;
const ROW_GAP = 52;
const M = { left: 110, right: 70, top: 48, bottom: 34 };
const KIND = { gpu: '#16a34a', switch: '#2563eb', nic: '#9333ea', cpu: '#78716c', memory: '#d97706', storage: '#475569' } as Record<string, string>;
const LAYER = { 'scale-up': '#60a5fa', 'scale-out': '#a78bfa', dcn: '#94a3b8', host: '#a8a29e', cxl: '#f59e0b' } as Record<string, string>;

const f = (v: number) => String(Math.round(v));

export function pictureSvg(picture: TopologyPicture, title: string): string {
  const H = M.top + M.bottom + (picture.rows.length - 1) * ROW_GAP;
  const width = W - M.left - M.right;
  const at = new Map(picture.nodes.map((n) => [n.key, { x: M.left + n.x * width, y: H - M.bottom - n.y * ROW_GAP }]));
  const maxCap = Math.max(1, ...picture.edges.map((e) => e.capacityGBps));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">${escapeMarkup(title)}</text>`,
  ];
  const layers = [...new Set(picture.edges.map((e) => e.layer))];
  for (const [i, layer] of layers.entries()) {
    const x = M.left + i * 116;
    out.push(`<line x1="${x}" y1="34" x2="${x + 18}" y2="34" stroke="${LAYER[layer] ?? '#cbd5e1'}" stroke-width="3"/>`);
    out.push(`<text x="${x + 22}" y="38">${escapeMarkup(layer)} links</text>`);
  }
  for (const [y, row] of picture.rows.entries()) out.push(`<text x="8" y="${f(H - M.bottom - y * ROW_GAP + 4)}" fill="#475569">${escapeMarkup(row)}</text>`);
  // Links of one layer and width share one path: a segment per link keeps the file small.
  const paths = new Map<string, string[]>();
  for (const e of picture.edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b) continue;
    const key = `${e.layer}|${(0.4 + 2.5 * Math.sqrt(e.capacityGBps / maxCap)).toFixed(1)}`;
    paths.set(key, [...(paths.get(key) ?? []), `M${f(a.x)} ${f(a.y)}L${f(b.x)} ${f(b.y)}`]);
  }
  for (const [key, segments] of paths) {
    const [layer, w] = key.split('|') as [string, string];
    out.push(`<path d="${segments.join('')}" stroke="${LAYER[layer] ?? '#cbd5e1'}" stroke-width="${w}" stroke-opacity="0.55" fill="none"/>`);
  }
  for (const n of picture.nodes) {
    const p = at.get(n.key) as { x: number; y: number };
    out.push(
      `<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${(2 + Math.log2(1 + n.count)).toFixed(1)}" fill="${KIND[n.kind] ?? '#64748b'}"><title>${escapeMarkup(n.label)}</title></circle>`,
    );
    if (n.count > 1 && n.kind === 'gpu') out.push(`<text x="${f(p.x)}" y="${f(p.y + 20)}" text-anchor="middle">${escapeMarkup(n.label)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** A preset at a GPU count, drawn; the title says what it is. */
export function presetTopologySvg(preset: string, gpus: number): string {
  const system = buildSystem(systemSchema.parse(systemPresets.get(preset).input), { gpus });
  const picture = topologyPicture(buildTopology(system));
  const title = `${preset} at ${gpus.toLocaleString('en-US')} GPUs: ${picture.topologyNodes.toLocaleString('en-US')} nodes and ${picture.topologyLinks.toLocaleString('en-US')} links, grouped as the web UI draws them`;
  return pictureSvg(picture, title);
}
