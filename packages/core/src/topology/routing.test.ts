import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { buildTopology } from './build-system.js';
import { pairStatsFrom } from './pair-stats.js';
import { bfsDistances, equalCostPaths, pathAt, pathStats, shortestPathDag } from './routing.js';
import type { Topology } from './topology.js';

function switchHopsBetween(topo: Topology, a: number, b: number): number {
  const [path] = equalCostPaths(topo, topo.gpus[a] as number, topo.gpus[b] as number, 1);
  return path ? pathStats(topo, path).switches : -1;
}

describe('routing', () => {
  it('bfsDistances: every AL128 GPU reaches every other through exactly one switch', () => {
    // Single-stage scale-up: GPU -> switch -> GPU is 2 links; nothing shorter exists (GPUs do not forward).
    const topo = buildTopology(buildPreset('al128'));
    for (const src of topo.gpus) {
      const dist = bfsDistances(topo, src);
      for (const dst of topo.gpus) if (dst !== src) expect(dist[dst]).toBe(2);
    }
  });

  it('equalCostPaths: two AL128 GPUs have one shortest path per scale-up plane', () => {
    // 9 planes, each a single switch both GPUs attach to -> 9 equal-cost paths of one switch each.
    const topo = buildTopology(buildPreset('al128'));
    const paths = equalCostPaths(topo, topo.gpus[0] as number, topo.gpus[77] as number);
    expect(paths).toHaveLength(9);
    for (const p of paths) expect(pathStats(topo, p).switches).toBe(1);
  });

  it('equalCostPaths: across HGX servers, same rail crosses one leaf, another rail leaf-spine-leaf', () => {
    // 1,024 GPUs: GPU 0 and GPU 8 are rail 0 of servers 0 and 1, both under leaf 0 of rail 0 -> 1 switch.
    // GPU 0 and GPU 9 are on rails 0 and 1: NIC -> leaf(rail 0) -> spine -> leaf(rail 1) -> NIC: 3 switches,
    // one path per spine, and every leaf has an uplink to each of the 16 spines.
    const topo = buildTopology(buildPreset('hgx-h100', {}, 1024));
    expect(switchHopsBetween(topo, 0, 8)).toBe(1);
    expect(switchHopsBetween(topo, 0, 9)).toBe(3);
    expect(shortestPathDag(topo, topo.gpus[0] as number, topo.gpus[9] as number).count).toBe(16);
  });

  it('pathAt: unranking yields distinct, connected paths from source to destination', () => {
    const topo = buildTopology(buildPreset('hgx-h100', {}, 1024));
    const src = topo.gpus[3] as number;
    const dst = topo.gpus[1000] as number;
    const dag = shortestPathDag(topo, src, dst);
    const seen = new Set<string>();
    for (let i = 0; i < dag.count; i++) {
      const path = pathAt(topo, dag, i);
      expect(topo.links[path[0] as number]?.from).toBe(src);
      expect(topo.links[path[path.length - 1] as number]?.to).toBe(dst);
      for (let k = 1; k < path.length; k++) expect(topo.links[path[k] as number]?.from).toBe(topo.links[path[k - 1] as number]?.to);
      seen.add(path.join(','));
    }
    expect(seen.size).toBe(dag.count);
  });

  it('pairStatsFrom: latency adds link and switch latencies on the fastest shortest path', () => {
    // AL128: link 10 ns (copper flight, no DSP) + switch 250 ns + link 10 ns = 270 ns one way.
    const stats = pairStatsFrom(buildTopology(buildPreset('al128')), 0, 'all');
    expect(stats.reachable).toBe(127);
    expect(stats.latencyMinS * 1e9).toBeCloseTo(270, 6);
    expect(stats.switchHopsMax).toBe(1);
  });

  it('pairStatsFrom: hgx-h100 at 16,384 GPUs reaches everything in at most 5 switches', () => {
    // 3-tier Clos: leaf -> aggregation -> core -> aggregation -> leaf between pods.
    const stats = pairStatsFrom(buildTopology(buildPreset('hgx-h100', {}, 16384)), 0, 'other-domain');
    expect(stats.reachable).toBe(16384 - 8);
    expect(stats.switchHopsMax).toBe(5);
    expect(stats.switchHopsMin).toBe(1);
  });

  it('pooled switches keep hop counts and latencies, and every leaf keeps its whole uplink capacity', () => {
    for (const gpus of [1024, 16384]) {
      const system = buildPreset('hgx-h100', {}, gpus);
      const each = pairStatsFrom(buildTopology(system, { planes: 'merged' }), 0, 'other-domain');
      const pooledTopo = buildTopology(system, { planes: 'merged', switches: 'pooled' });
      const pooled = pairStatsFrom(pooledTopo, 0, 'other-domain');
      expect([pooled.reachable, pooled.switchHopsMin, pooled.switchHopsMax]).toEqual([each.reachable, each.switchHopsMin, each.switchHopsMax]);
      expect(pooled.latencyMaxS).toBeCloseTo(each.latencyMaxS, 12);
      // 64-port Quantum-2 leaves at 1:1: 32 uplinks of 400G = 1.6 TB/s per leaf, as one trunk to the pooled tier above.
      const leafUp = pooledTopo.links.filter((l) => pooledTopo.nodes[l.from]?.tier === 'leaf' && pooledTopo.nodes[l.to]?.kind === 'switch');
      expect(leafUp.length).toBeGreaterThan(0);
      for (const l of leafUp) expect(l.capacity).toBeCloseTo(32 * 50e9, -3);
    }
  });
});
