import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { Router, RouteTable } from '../topology/ecmp.js';
import type { Topology } from '../topology/topology.js';
import { CollectiveSession } from './run.js';
import { scaleUpView, TransportRouter, transportRouter } from './transport-routing.js';

/** The layers of every link on the routes `appendStripes` gives from GPU rank a to GPU rank b, with their shares. */
function routesOf(topo: Topology, router: { appendStripes: TransportRouter['appendStripes'] }, a: number, b: number) {
  const table = new RouteTable();
  router.appendStripes(topo.gpus[a] as number, topo.gpus[b] as number, 1, table);
  return Array.from({ length: table.count }, (_, i) => ({
    share: table.shares[i] as number,
    layers: Array.from(table.route(i), (l) => topo.links[l]?.layer),
  }));
}

/** CloudMatrix384's flow view: a UB L1 leaf per 8-NPU node, pooled L2 spines; rail-optimized RoCE leaves beside them. */
const cm384 = new CollectiveSession(buildPreset('cloudmatrix384')).topoFor('ecmp');

describe('TransportRouter', () => {
  it('TransportRouter.appendStripes keeps same-rail NPUs of two nodes on the scale-up fabric: GPU - L1 - L2 - L1 - GPU', () => {
    const routes = routesOf(cm384, new TransportRouter(cm384, 'ecmp'), 0, 8);
    expect(routes).toEqual([{ share: 1, layers: ['scale-up', 'scale-up', 'scale-up', 'scale-up'] }]);
  });

  it('Router.appendStripes on the whole graph would send 14% through the NICs: the 4-hop RoCE rail ties with UB', () => {
    // Expected because ECMP splits over the first links by capacity: the 392 GB/s UB port and the CX7's PCIe Gen5 x16
    // host link, 63.0 GB/s: 63.0 / 455.0 = 0.138.
    const nicLink = cm384.links.find((l) => l.from === cm384.gpus[0] && cm384.nodes[l.to]?.kind === 'nic');
    const pcie = nicLink?.capacity ?? 0;
    expect(pcie / 1e9).toBeCloseTo(63.0, 1);
    const routes = routesOf(cm384, new Router(cm384, { mode: 'ecmp' }), 0, 8);
    const viaNic = routes.filter((r) => r.layers.includes('scale-out'));
    expect(viaNic.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(pcie / (392e9 + pcie), 9);
  });

  it('TransportRouter.appendStripes still routes GPUs of different domains over the scale-out network', () => {
    const hgx = new CollectiveSession(buildPreset('hgx-h100', {}, 16)).topoFor('ecmp');
    const routes = routesOf(hgx, new TransportRouter(hgx, 'ecmp'), 0, 8);
    expect(routes.every((r) => r.layers.includes('scale-out'))).toBe(true);
  });
});

describe('transportRouter', () => {
  it('transportRouter builds one router per topology and mode, so a training run walks the graph once', () => {
    expect(transportRouter(cm384, 'ecmp')).toBe(transportRouter(cm384, 'ecmp'));
    expect(transportRouter(cm384, 'adaptive')).not.toBe(transportRouter(cm384, 'ecmp'));
  });
});

describe('scaleUpView', () => {
  it('scaleUpView keeps every node and link id and only the scale-up links in the adjacency', () => {
    const view = scaleUpView(cm384);
    expect(view.links).toBe(cm384.links);
    const listed = Array.from(view.outLinks, (l) => view.links[l]?.layer);
    expect(new Set(listed)).toEqual(new Set(['scale-up']));
    expect(listed.length).toBe(view.links.filter((l) => l.layer === 'scale-up').length);
  });
});
