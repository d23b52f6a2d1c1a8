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
});

describe('fabric failure checks', () => {
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
    expect(() => parseFailSpecs(['link:plane=0'])).toThrow(/--fail: 'link:plane=0'/);
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
