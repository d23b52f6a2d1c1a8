import { buildSystem, buildTopology, systemPresets, systemSchema } from '@supernode/core';
import { describe, expect, it } from 'vitest';
import { labelledGroups, topologyPicture } from './picture.js';

const system = (id: string, gpus?: number) => buildSystem(systemSchema.parse(systemPresets.get(id).input), gpus === undefined ? {} : { gpus });

describe('topologyPicture', () => {
  it('groups every topology node once and keeps every link between groups', () => {
    const topo = buildTopology(system('hgx-h100', 64));
    const p = topologyPicture(topo);
    expect(p.nodes.reduce((n, g) => n + g.count, 0)).toBe(topo.nodes.length);
    const inGroups = new Set(p.nodes.map((n) => n.key));
    for (const e of p.edges) {
      expect(inGroups.has(e.source) && inGroups.has(e.target)).toBe(true);
      expect(e.utilisation).toBeUndefined();
    }
    // Eight servers of eight GPUs: one GPU group per scale-up domain, in the bottom row.
    const gpus = p.nodes.filter((n) => n.kind === 'gpu');
    expect(gpus.map((g) => g.count)).toEqual(Array(8).fill(8));
    expect(new Set(gpus.map((g) => g.y))).toEqual(new Set([0]));
  });

  it('buckets a 16,384-GPU system into at most 48 columns a row', () => {
    const p = topologyPicture(buildTopology(system('hgx-h100', 16384)));
    for (const row of p.rows) expect(p.nodes.filter((n) => n.row === row).length).toBeLessThanOrEqual(48);
    expect(p.nodes.filter((n) => n.kind === 'gpu').reduce((s, g) => s + g.count, 0)).toBe(16384);
  });

  it('utilisation is bytes over capacity for the run, the busier direction, capped at 1', () => {
    const topo = buildTopology(system('hgx-h100', 16));
    const linkBytes = new Float64Array(topo.links.length);
    const linkCapacity = new Float64Array(topo.links.length).fill(100);
    const link = topo.links.find((l) => l.layer === 'scale-out' && l.id % 2 === 0);
    if (!link) throw new Error('no scale-out link');
    linkBytes[link.id + 1] = 50; // half of 100 B/s for 1 s, in the reverse direction
    const p = topologyPicture(topo, { linkBytes, linkCapacity, seconds: 1 });
    const used = p.edges.filter((e) => (e.utilisation ?? 0) > 0);
    expect(used).toHaveLength(1);
    // The group edge bundles parallel links: 50 B over the summed capacity of its links in that direction.
    expect(used[0]?.utilisation).toBeGreaterThan(0);
    expect(used[0]?.utilisation).toBeLessThanOrEqual(0.5);
  });

  it('labelledGroups labels evenly spaced groups of a row, each with the width of its label free to its right', () => {
    const p = topologyPicture(buildTopology(system('hgx-h100', 1024)));
    const width = 640;
    const shown = labelledGroups(p, width, 6.5);
    for (const row of p.rows) {
      const groups = p.nodes.filter((n) => n.row === row).sort((a, b) => a.x - b.x);
      const labelled = groups.filter((g) => shown.has(g.key));
      expect(labelled[0]).toBe(groups[0]);
      if (groups.length === labelled.length) continue;
      const first = groups[0]?.x ?? 0;
      const span = (groups[groups.length - 1]?.x ?? 0) - first;
      const px = (g: { x: number }) => ((g.x - first) / span) * width;
      const step = width / (groups.length - 1);
      const room = [...labelled.slice(1).map(px), width].map((next, i) => next - px(labelled[i] as { x: number }));
      // Each label's text fits before the next label (or the row's end), less at most one group's step of rounding.
      labelled.forEach((g, i) => {
        expect((room[i] as number) + step).toBeGreaterThanOrEqual(g.label.length * 6.5 + 16);
      });
      // And no more labels would fit: one more per row would leave less than a label's width.
      expect((labelled.length + 1) * (Math.max(...groups.map((g) => g.label.length)) * 6.5 + 16)).toBeGreaterThan(width);
    }
    expect(labelledGroups(p, 100).size).toBe(p.rows.length);
  });
});
