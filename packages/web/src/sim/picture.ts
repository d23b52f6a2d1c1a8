/**
 * The topology as a picture: nodes grouped (a scale-up domain's GPUs, its switch chips, a switch tier's chips in buckets)
 * and laid out in layers (GPUs at the bottom, each tier above the last), links summed between groups and, after a flow
 * run, coloured by the share of their capacity the run used.
 */

import type { Topology, TopologyNode } from '@supernode/core';

export interface PictureNode {
  readonly key: string;
  readonly label: string;
  readonly row: string;
  readonly kind: string;
  /** Nodes of the topology drawn as this one. */
  readonly count: number;
  readonly x: number;
  readonly y: number;
}

export interface PictureEdge {
  readonly source: string;
  readonly target: string;
  readonly layer: string;
  /** Summed capacity of the links it stands for, one direction, GB/s. */
  readonly capacityGBps: number;
  /** Bytes the run carried over its capacity for the run's length, both directions' busier one (0-1); absent before a flow run. */
  readonly utilisation?: number;
}

export interface TopologyPicture {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  readonly rows: readonly string[];
  /** Topology nodes and links the picture stands for. */
  readonly topologyNodes: number;
  readonly topologyLinks: number;
}

const PLURAL: Record<string, string> = {
  gpu: 'GPUs',
  switch: 'switch chips',
  nic: 'NICs',
  cpu: 'CPUs',
  memory: 'memory pools',
  storage: 'stores',
  fabric: 'fabrics',
};

/** Columns a row holds before its nodes are bucketed: enough to see structure, few enough to read. */
const MAX_COLUMNS = 48;

/** Row order, bottom to top: endpoints, then each fabric's switches from the lowest tier. */
const ROW_ORDER = ['gpu', 'cpu', 'memory', 'nic', 'scale-up', 'leaf', 'aggregation', 'spine', 'core', 'dcn', 'storage'];

function rowOf(node: TopologyNode): string {
  if (node.kind === 'gpu' || node.kind === 'cpu' || node.kind === 'memory' || node.kind === 'nic' || node.kind === 'storage') return node.kind;
  if (node.layer === 'scale-up') return 'scale-up';
  if (node.layer === 'dcn') return 'dcn';
  return node.tier ?? 'fabric';
}

/** Usage of each directed link over the run (bytes / (payload capacity x seconds)). */
export interface LinkUsage {
  readonly linkBytes: Float64Array;
  readonly linkCapacity: Float64Array;
  readonly seconds: number;
}

export function topologyPicture(topo: Topology, usage?: LinkUsage): TopologyPicture {
  const domains = new Set<number>();
  for (const n of topo.nodes) if (n.domain !== undefined) domains.add(n.domain);
  const domainBucket = Math.max(1, Math.ceil(domains.size / MAX_COLUMNS));
  const perRow = new Map<string, number>();
  for (const n of topo.nodes) if (n.domain === undefined) perRow.set(rowOf(n), (perRow.get(rowOf(n)) ?? 0) + 1);
  const seenInRow = new Map<string, number>();
  const groupOf = new Array<string>(topo.nodes.length);
  const groups = new Map<string, { row: string; kind: string; count: number; label: string; order: number }>();
  for (const n of topo.nodes) {
    const row = rowOf(n);
    let key: string;
    let label: string;
    let order: number;
    if (n.domain !== undefined) {
      const d = Math.floor(n.domain / domainBucket);
      key = `${row}:d${d}`;
      label = domainBucket === 1 ? `domain ${n.domain}` : `domains ${d * domainBucket}-${Math.min(domains.size, (d + 1) * domainBucket) - 1}`;
      order = d;
    } else {
      const i = seenInRow.get(row) ?? 0;
      seenInRow.set(row, i + 1);
      const bucket = Math.max(1, Math.ceil((perRow.get(row) ?? 1) / MAX_COLUMNS));
      const b = Math.floor(i / bucket);
      key = `${row}:${b}`;
      label = bucket === 1 ? n.name : `${row} ${b * bucket}-${Math.min(perRow.get(row) ?? 0, (b + 1) * bucket) - 1}`;
      order = b;
    }
    groupOf[n.id] = key;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { row, kind: n.kind, count: 1, label, order });
  }
  const rows = ROW_ORDER.filter((r) => [...groups.values()].some((g) => g.row === r));
  for (const g of groups.values()) if (!rows.includes(g.row)) rows.push(g.row);
  const nodes: PictureNode[] = [];
  rows.forEach((row, y) => {
    const inRow = [...groups.entries()].filter(([, g]) => g.row === row).sort((a, b) => a[1].order - b[1].order);
    inRow.forEach(([key, g], i) => {
      const x = inRow.length === 1 ? 0.5 : i / (inRow.length - 1);
      nodes.push({ key, label: `${g.label}${g.count > 1 ? ` (${g.count} ${PLURAL[g.kind] ?? g.kind})` : ''}`, row, kind: g.kind, count: g.count, x, y });
    });
  });
  const edges = new Map<string, { source: string; target: string; layer: string; capacity: number; used: number[]; cap: number[] }>();
  for (const link of topo.links) {
    if (link.id % 2 === 1) continue;
    const a = groupOf[link.from] as string;
    const b = groupOf[link.to] as string;
    if (a === b) continue;
    const [source, target] = a < b ? [a, b] : [b, a];
    const key = `${source}|${target}`;
    let e = edges.get(key);
    if (!e) {
      e = { source, target, layer: link.layer, capacity: 0, used: [0, 0], cap: [0, 0] };
      edges.set(key, e);
    }
    e.capacity += link.capacity;
    if (usage) {
      const dir = a < b ? 0 : 1;
      e.used[dir] = (e.used[dir] ?? 0) + (usage.linkBytes[link.id] ?? 0);
      e.used[1 - dir] = (e.used[1 - dir] ?? 0) + (usage.linkBytes[link.id + 1] ?? 0);
      e.cap[0] = (e.cap[0] ?? 0) + (usage.linkCapacity[link.id] ?? 0) * usage.seconds;
      e.cap[1] = (e.cap[1] ?? 0) + (usage.linkCapacity[link.id + 1] ?? 0) * usage.seconds;
    }
  }
  return {
    nodes,
    edges: [...edges.values()].map((e) => ({
      source: e.source,
      target: e.target,
      layer: e.layer,
      capacityGBps: e.capacity / 1e9,
      ...(usage ? { utilisation: Math.min(1, Math.max(share(e.used[0], e.cap[0]), share(e.used[1], e.cap[1]))) } : {}),
    })),
    rows,
    topologyNodes: topo.nodes.length,
    topologyLinks: topo.links.length / 2,
  };
}

const share = (used = 0, cap = 0) => (cap > 0 ? used / cap : 0);

/**
 * Which groups show their label, so labels never overlap: in each row, evenly spaced groups from the first, as many as
 * the row's `width` pixels hold at the row's longest label (`charPx` a character, plus a gap), so each label has its
 * width to its right before the next label or the row's end. Example: 128 GPU groups labelled "domains 0-7 (64 GPUs)"
 * (21 characters, 153 px) across 640 px: 4 labels, groups 0, 32, 64 and 95.
 */
export function labelledGroups(picture: TopologyPicture, width: number, charPx = 6.5): Set<string> {
  const shown = new Set<string>();
  for (const row of picture.rows) {
    const groups = picture.nodes.filter((n) => n.row === row).sort((a, b) => a.x - b.x);
    const labelPx = Math.max(...groups.map((g) => g.label.length)) * charPx + 16;
    const perRow = Math.max(1, Math.floor(width / labelPx));
    if (groups.length <= perRow) {
      for (const g of groups) shown.add(g.key);
      continue;
    }
    for (let i = 0; i < perRow; i++) shown.add((groups[Math.round((i * (groups.length - 1)) / perRow)] as PictureNode).key);
  }
  return shown;
}
