import { describe, expect, it } from 'vitest';
import { describeSystem } from '../describe/describe.js';
import { type FabricFailure, parseFailSpecs } from '../system/fabric-failures.js';
import { healthySystem } from '../system/system.js';
import { buildPreset } from '../test-support.js';
import { buildTopology } from '../topology/build-system.js';
import { parseGroup } from './group.js';
import { CollectiveSession, runCollective } from './run.js';

const GIB = 2 ** 30;

/** Busbw of a flow-fidelity all-reduce on the system degraded by `failures`, and on the same system healthy. */
function allReduce(preset: string, group: string, failures: FabricFailure[], algorithm = 'ring') {
  const system = buildPreset(preset, { failures });
  const ranks = parseGroup(group, system.gpus);
  const run = (s: typeof system) =>
    runCollective(new CollectiveSession(s), { op: 'allreduce', group: ranks, bytes: GIB, algorithm, fidelity: 'flow' }).busbwGBps;
  return { degraded: run(system), healthy: run(healthySystem(system)) };
}

describe('degraded fabric', () => {
  it('runCollective: one failed scale-out link on dual-plane HPN halves a rail ring through that GPU', () => {
    // hpn-h800: one 2 x 200G NIC per GPU, one port on each of two planes. GPU 5 loses its plane-0 port: its NIC
    // keeps 25 of 50 GB/s. A ring over ranks 5, 13, ..., 125 (one GPU per domain, all scale-out) moves the same
    // bytes over every edge, so its slowest edge sets the pace: bandwidth term x 2. The fixed latencies (launch,
    // 2(n-1) steps) do not double, so the share sits just above 0.5: 50.3% at 1 GiB.
    const { degraded, healthy } = allReduce('hpn-h800', '5-125:8', [{ kind: 'link', layer: 'scale-out', plane: 0, gpu: 5 }]);
    expect(degraded / healthy).toBeGreaterThanOrEqual(0.5);
    expect(degraded / healthy).toBeLessThan(0.52);
  });

  it('runCollective: a failed link of a GPU outside the group costs that group nothing', () => {
    const { degraded, healthy } = allReduce('hpn-h800', '5-125:8', [{ kind: 'link', layer: 'scale-out', plane: 0, gpu: 4 }]);
    expect(degraded).toBe(healthy);
  });

  it('runCollective: a scale-up plane down costs its share of the lanes', () => {
    // hpn-h800: 8 NVLink lanes per GPU over 4 NVSwitch planes, 2 lanes each. Plane 1 down leaves 6 of 8 lanes; an
    // 8-GPU ring inside the domain is bound by the GPU links: busbw x 6/8, latency terms again just above it.
    const { degraded, healthy } = allReduce('hpn-h800', '0-7', [{ kind: 'plane', layer: 'scale-up', plane: 1 }]);
    expect(degraded / healthy).toBeGreaterThanOrEqual(0.75);
    expect(degraded / healthy).toBeLessThan(0.77);
    const other = allReduce('hpn-h800', '0-7', [{ kind: 'plane', layer: 'scale-up', plane: 1, domain: 1 }]);
    expect(other.degraded).toBe(other.healthy);
  });

  it('runCollective refuses a cross-domain group with a GPU whose only NIC failed, naming the GPU', () => {
    const system = buildPreset('hpn-h800', { failures: [{ kind: 'nic', gpu: 5 }] });
    const run = () => runCollective(new CollectiveSession(system), { op: 'allreduce', group: [5, 13], bytes: GIB, algorithm: 'auto', fidelity: 'flow' });
    expect(run).toThrow(/GPU 5 is cut off from the scale-out network/);
  });

  it('runCollective refuses analytical fidelity on a degraded system', () => {
    const system = buildPreset('hpn-h800', { failures: [{ kind: 'nic', gpu: 5 }] });
    const run = () => runCollective(new CollectiveSession(system), { op: 'allreduce', group: [0, 1], bytes: GIB, algorithm: 'auto', fidelity: 'analytical' });
    expect(run).toThrow(/failures and slow links apply at flow fidelity/);
  });
});

describe('buildTopology with failures', () => {
  const failures: FabricFailure[] = [{ kind: 'link', layer: 'scale-out', plane: 0, gpu: 5 }];
  const nicLinks = (planes: 'each' | 'merged', gpu: number) => {
    const topo = buildTopology(buildPreset('hpn-h800', { failures }), { planes });
    const nic = topo.nodes.find((n) => n.name === `gpu${gpu}/nic0`)?.id;
    return topo.links.filter((l) => l.from === nic && l.layer === 'scale-out').map((l) => [topo.nodes[l.to]?.name, l.capacity / 1e9]);
  };
  it('buildTopology drops the failed link in the per-plane view and halves it in the merged view', () => {
    expect(nicLinks('each', 5)).toEqual([['plane1/leaf5', 25]]);
    expect(nicLinks('merged', 5)).toEqual([['plane0/leaf5', 25]]);
    expect(nicLinks('merged', 4)).toEqual([['plane0/leaf4', 50]]);
  });
  it('buildTopology of a healthy system is the same graph whether failures is absent or empty', () => {
    const a = buildTopology(buildPreset('hpn-h800'), { planes: 'merged', switches: 'pooled' });
    const b = buildTopology(healthySystem(buildPreset('hpn-h800', { failures })), { planes: 'merged', switches: 'pooled' });
    expect(b.links).toEqual(a.links);
  });
  it('buildTopology with a failed spine keeps the pooled trunks minus that spine share', () => {
    // hpn-h800 has a two-tier scale-out per plane; leaf 0 spreads its U uplinks over S spines, spine 0 taking
    // splitEvenly(U, S)[0] of them (ceil(U/S)); losing spine 0 leaves the rest in the trunk to the pooled spines.
    const system = buildPreset('hpn-h800', { failures: [{ kind: 'switch', layer: 'scale-out', tier: 'spine', plane: 0, index: 0 }] });
    const plan = system.scaleOut;
    if (plan?.tiers !== 2) throw new Error('expected a two-tier scale-out');
    const trunk = (s: typeof system) => {
      const topo = buildTopology(s, { planes: 'each', switches: 'pooled' });
      const leaf = topo.nodes.find((n) => n.name === 'plane0/leaf0')?.id;
      return topo.links.find((l) => l.from === leaf && topo.nodes[l.to]?.tier === 'spine')?.capacity ?? 0;
    };
    const expected = 1 - Math.ceil(plan.leafUplinks / plan.spinesPerPlane) / plan.leafUplinks;
    // 4 spines per plane: 3 of 4 shares of the leaf's uplinks survive.
    expect(plan.spinesPerPlane).toBe(4);
    expect(expected).toBe(0.75);
    expect(trunk(system) / trunk(healthySystem(system))).toBeCloseTo(expected, 12);
  });

  // dgx-a100 forced to three tiers on 640 GPUs: 40-port HDR switches, 20 down and 20 up per leaf, 2 pods of 16 leaves,
  // 20 aggregation switches per pod (one uplink from each leaf), each with 16 uplinks to its core.
  const threeTier = (failures: FabricFailure[]) => buildPreset('dgx-a100', { scaleOut: { tiers: 3 }, failures }, 640);
  const aggregation0: FabricFailure = { kind: 'switch', layer: 'scale-out', tier: 'aggregation', plane: 0, index: 0 };
  const core0: FabricFailure = { kind: 'switch', layer: 'scale-out', tier: 'core', plane: 0, index: 0 };

  it('buildTopology cuts every link of a failed aggregation or core switch of a three-tier fabric', () => {
    const linksOf = (failures: FabricFailure[], name: string) => {
      const topo = buildTopology(threeTier(failures), { planes: 'each', switches: 'each' });
      const id = topo.nodes.find((n) => n.name === name)?.id;
      return topo.links.filter((l) => l.from === id || l.to === id).length;
    };
    // One link each way per neighbour, as wide as its cables: 16 leaves below, its one core above (16 cables).
    expect(linksOf([], 'plane0/pod0/agg0')).toBe(2 * (16 + 1));
    expect(linksOf([aggregation0], 'plane0/pod0/agg0')).toBe(0);
    expect(linksOf([aggregation0], 'plane0/pod1/agg0')).toBe(2 * (16 + 1)); // index 0 is pod 0's
    expect(linksOf([], 'plane0/core0.0')).toBeGreaterThan(0);
    expect(linksOf([core0], 'plane0/core0.0')).toBe(0);
  });

  it('buildTopology keeps 19 of 20 shares of a leaf trunk to its pooled aggregation switches when one fails', () => {
    const trunk = (failures: FabricFailure[]) => {
      const topo = buildTopology(threeTier(failures), { planes: 'each', switches: 'pooled' });
      const leaf = topo.nodes.find((n) => n.name === 'plane0/leaf0')?.id;
      return topo.links.find((l) => l.from === leaf && topo.nodes[l.to]?.tier === 'aggregation')?.capacity ?? 0;
    };
    expect(trunk([aggregation0]) / trunk([])).toBeCloseTo(19 / 20, 12);
    const pods = (failures: FabricFailure[]) => {
      const topo = buildTopology(threeTier(failures), { planes: 'each', switches: 'pooled' });
      const aggs = topo.nodes.find((n) => n.name === 'plane0/pod0/aggs')?.id;
      return topo.links.find((l) => l.from === aggs && topo.nodes[l.to]?.tier === 'core')?.capacity ?? 0;
    };
    // Core 0 serves aggregation 0 of every pod: pod 0 keeps 19 of its 20 aggregation switches' core uplinks.
    expect(pods([core0]) / pods([])).toBeCloseTo(19 / 20, 12);
  });

  it('runCollective: a failed aggregation switch costs a ring over both pods about its 1/20 of the leaf uplinks', () => {
    const system = threeTier([aggregation0]);
    const group = Array.from({ length: 640 }, (_, i) => i);
    const run = (s: typeof system) =>
      runCollective(new CollectiveSession(s), { op: 'allreduce', group, bytes: GIB, algorithm: 'ring', fidelity: 'flow' }).busbwGBps;
    const share = run(system) / run(healthySystem(system));
    // 19/20 of the bandwidth term; the fixed step latencies keep it a little above.
    expect(share).toBeGreaterThanOrEqual(0.95);
    expect(share).toBeLessThan(0.97);
  });
});

describe('fabric failure checks', () => {
  it('buildSystem refuses aggregation and core failures on a two-tier fabric and an index past the tier, naming the field', () => {
    expect(() => buildPreset('hpn-h800', { failures: [{ kind: 'switch', layer: 'scale-out', tier: 'core', plane: 0, index: 0 }] })).toThrow(
      'failures.0.tier: the scale-out fabric has 2 tiers; core failures apply to three-tier fabrics (fail a spine)',
    );
    const fail = (index: number) =>
      buildPreset('dgx-a100', { scaleOut: { tiers: 3 }, failures: [{ kind: 'switch', layer: 'scale-out', tier: 'aggregation', plane: 0, index }] }, 640);
    expect(() => fail(40)).toThrow('failures.0.index: aggregation 40 does not exist; each plane has aggregations 0-39');
    expect(() => fail(39)).not.toThrow();
  });
  it('buildSystem names the field of a failure that does not exist', () => {
    expect(() => buildPreset('hpn-h800', { failures: [{ kind: 'plane', layer: 'scale-out', plane: 3 }] })).toThrow(
      'failures.0.plane: plane 3 does not exist; the scale-out fabric has planes 0-1',
    );
    expect(() => buildPreset('hpn-h800', { failures: [{ kind: 'nic', gpu: 1024 }] })).toThrow(/failures\.0\.gpu: GPU 1024 does not exist/);
    expect(() => buildPreset('hpn-h800', { failures: [{ kind: 'switch', layer: 'scale-out', tier: 'leaf', plane: 0, index: 99 }] })).toThrow(
      /failures\.0\.index: leaf 99 does not exist/,
    );
  });
  it('parseFailSpecs reads the compact form, comma-separated or repeated', () => {
    expect(parseFailSpecs(['link:scale-out:plane=0:gpu=5,nic:gpu=5', 'switch:scale-out:leaf:plane=0:index=3', 'plane:scale-up:plane=1'])).toEqual([
      { kind: 'link', layer: 'scale-out', plane: 0, gpu: 5 },
      { kind: 'nic', gpu: 5 },
      { kind: 'switch', layer: 'scale-out', tier: 'leaf', plane: 0, index: 3 },
      { kind: 'plane', layer: 'scale-up', plane: 1 },
    ]);
    expect(() => parseFailSpecs(['link:plane=0'])).toThrow(/^fail: 'link:plane=0'/);
  });
});

describe('describeSystem with failures', () => {
  it('describeSystem reports the design: the hop counts of the healthy fabric even when rank 0 is cut off', () => {
    const cut = buildPreset('hpn-h800', { failures: [{ kind: 'nic', gpu: 0 }, ...[0, 1, 2, 3].map((plane) => ({ kind: 'plane', layer: 'scale-up', plane }))] });
    const { condition, ...design } = describeSystem(cut);
    expect(design).toEqual(describeSystem(healthySystem(cut)));
    expect(condition?.failed).toHaveLength(5);
  });
});
