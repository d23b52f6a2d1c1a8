/** The topology drawn with sigma: grouped nodes in layers, links sized by capacity and, after a flow run, coloured by utilisation. */

import { useEffect, useRef } from 'react';
import { labelledGroups, type TopologyPicture } from '../sim/picture.js';

const KIND_COLOUR: Record<string, string> = { gpu: '#16a34a', switch: '#2563eb', nic: '#9333ea', cpu: '#78716c', memory: '#d97706', storage: '#475569' };
const LAYER_COLOUR: Record<string, string> = { 'scale-up': '#93c5fd', 'scale-out': '#c4b5fd', dcn: '#cbd5e1', host: '#d6d3d1', cxl: '#fcd34d' };

const IDLE = '#cbd5e1';
const RAMP: readonly (readonly [number, number, number])[] = [
  [22, 163, 74],
  [245, 158, 11],
  [220, 38, 38],
];

/** Green at light load through amber to red at a saturated link; grey for a link the run left idle (sigma's WebGL reads hex and rgb only). */
export function utilisationColour(u: number): string {
  if (!(u > 0)) return IDLE;
  const t = Math.min(1, u) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [RAMP[i] as readonly number[], RAMP[i + 1] as readonly number[]];
  const mix = (k: number) => Math.round((a[k] as number) + f * ((b[k] as number) - (a[k] as number)));
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

type GraphInstance = InstanceType<typeof import('graphology').default>;

interface LabelData {
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly label: string | null;
}

/** A label above and right of its node on a pale box, so a row of nodes or links under it does not hide it. */
function drawLabel(context: CanvasRenderingContext2D, data: LabelData, settings: { labelSize: number; labelFont: string; labelWeight: string }): void {
  if (!data.label) return;
  context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
  const x = data.x + data.size + 2;
  const y = data.y - data.size - 4;
  const w = context.measureText(data.label).width;
  context.fillStyle = 'rgba(255, 255, 255, 0.85)';
  context.fillRect(x - 2, y - settings.labelSize + 1, w + 4, settings.labelSize + 3);
  context.fillStyle = '#0f172a';
  context.fillText(data.label, x, y);
}

/**
 * Puts the picture's groups and links into the graph sigma draws (cleared first: sigma redraws, no new WebGL context):
 * each row named at its left, and as many groups of a row labelled as `pixels` of width hold without overlap.
 */
function fill(graph: GraphInstance, picture: TopologyPicture, pixels: number): void {
  graph.clear();
  const width = Math.max(3, picture.rows.length * 1.2);
  const labelled = labelledGroups(picture, pixels * 0.8);
  for (const n of picture.nodes) {
    const forced = labelled.has(n.key);
    graph.addNode(n.key, {
      x: n.x * width,
      y: n.y,
      size: 3 + Math.log2(1 + n.count),
      label: n.label,
      forceLabel: forced,
      color: KIND_COLOUR[n.kind] ?? '#64748b',
    });
  }
  const left = Math.min(...picture.nodes.map((n) => n.x * width)) - 0.25 * width;
  for (const row of picture.rows) {
    const y = picture.nodes.find((n) => n.row === row)?.y;
    if (y !== undefined) graph.addNode(`row:${row}`, { x: left, y, size: 1, label: row, forceLabel: true, color: '#ffffff' });
  }
  const maxCap = Math.max(1, ...picture.edges.map((e) => e.capacityGBps));
  for (const e of picture.edges) {
    if (graph.hasEdge(e.source, e.target)) continue;
    graph.addEdge(e.source, e.target, {
      size: 0.5 + 3 * Math.sqrt(e.capacityGBps / maxCap),
      color: e.utilisation === undefined ? (LAYER_COLOUR[e.layer] ?? '#cbd5e1') : utilisationColour(e.utilisation),
    });
  }
}

export function TopologyView({ picture, title }: { picture: TopologyPicture; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const graphRef = useRef<GraphInstance | undefined>(undefined);
  const latest = useRef(picture);
  latest.current = picture;
  // One renderer per mounted view; later pictures refill its graph.
  useEffect(() => {
    let live = true;
    let kill: (() => void) | undefined;
    void Promise.all([import('graphology'), import('sigma')]).then(([{ default: Graph }, { default: Sigma }]) => {
      if (!live || !ref.current) return;
      const graph = new Graph({ type: 'undirected', multi: false });
      fill(graph, latest.current, ref.current.clientWidth || 640);
      const renderer = new Sigma(graph, ref.current, {
        allowInvalidContainer: true,
        labelRenderedSizeThreshold: 9,
        labelSize: 12,
        zIndex: true,
        defaultDrawNodeLabel: drawLabel,
      });
      graphRef.current = graph;
      kill = () => renderer.kill();
    });
    return () => {
      live = false;
      graphRef.current = undefined;
      kill?.();
    };
  }, []);
  useEffect(() => {
    if (graphRef.current) fill(graphRef.current, picture, ref.current?.clientWidth || 640);
  }, [picture]);
  const used = picture.edges.some((e) => e.utilisation !== undefined);
  return (
    <section className="topology-panel" aria-label={title}>
      <h3>{title}</h3>
      <div
        className="topology"
        ref={ref}
        role="img"
        aria-label={`${picture.topologyNodes} nodes and ${picture.topologyLinks} links drawn as ${picture.nodes.length} groups`}
      />
      <p className="hint">
        {picture.topologyNodes.toLocaleString('en-US')} nodes and {picture.topologyLinks.toLocaleString('en-US')} links, drawn as {picture.nodes.length} groups
        in layers ({picture.rows.join(', ')}, bottom to top).{' '}
        {used
          ? 'Links coloured by utilisation in the last flow run: grey idle, green light, red saturated.'
          : 'Links coloured by layer; a flow-fidelity collective colours them by utilisation.'}
      </p>
    </section>
  );
}
