import { describe, expect, it } from 'vitest';
import { healthySystem } from '../system/system.js';
import { buildPreset } from '../test-support.js';
import { parseGroup } from './group.js';
import { CollectiveSession, runCollective } from './run.js';

const GIB = 2 ** 30;

describe('a collective waits for its slowest rank', () => {
  const system = buildPreset('hpn-h800', { stragglers: { gpus: [{ gpu: 5, speed: 0.8 }] } });
  const healthy = healthySystem(system);
  const run = (s: typeof system, fidelity: 'flow' | 'analytical', computeBeforeS?: number, group = '0-15') =>
    runCollective(new CollectiveSession(s), {
      op: 'allreduce',
      group: parseGroup(group, s.gpus),
      bytes: GIB,
      algorithm: 'ring',
      fidelity,
      ...(computeBeforeS === undefined ? {} : { computeBeforeS }),
    });

  it('analytical: the slowest arrives 10 ms x (1/0.8 - 1) = 2.5 ms late, and the closed form starts then', () => {
    const r = run(system, 'analytical', 0.01);
    expect(r.straggler).toEqual({ waitUs: expect.closeTo(2500, 6), rank: 5, speed: 0.8 });
    expect(r.timeUs - run(healthy, 'analytical').timeUs).toBeCloseTo(2500, 6);
  });

  it('flow: a ring cannot finish before the late rank has sent its share, so it ends at least the wait after a healthy one', () => {
    // Transfers start only once both ends have arrived: the ring's early steps among the punctual ranks go ahead, but
    // every chunk must pass GPU 5, so the run ends no earlier than the wait plus most of the healthy time.
    const late = run(system, 'flow', 0.01);
    const nominal = run(healthy, 'flow');
    expect(late.straggler?.waitUs).toBeCloseTo(2500, 6);
    expect(late.timeUs).toBeGreaterThan(2500 + 0.9 * nominal.timeUs);
    expect(late.timeUs).toBeLessThanOrEqual(2500 + nominal.timeUs + 1e-6);
  });

  it('a slow GPU outside the group, or no work before the collective, changes nothing', () => {
    expect(run(system, 'flow', 0.01, '8-15').timeUs).toBe(run(healthy, 'flow', undefined, '8-15').timeUs);
    expect(run(system, 'flow', 0).timeUs).toBe(run(healthy, 'flow').timeUs);
  });

  it('asks for the work before the collective on a system with slow GPUs', () => {
    expect(() => run(system, 'flow')).toThrow(/^computeBefore: the system has slow GPUs/);
    expect(() => run(system, 'flow', -1)).toThrow(/expected a time of zero or more/);
  });
});

describe('a slow link', () => {
  it('on one plane of dual-plane HPN costs a rail ring through it a quarter: the merged NIC link keeps (0.5 + 1) / 2', () => {
    // hpn-h800: a 2 x 200G NIC per GPU, a port per plane. GPU 5's plane-0 port at half speed leaves its NIC 37.5 of
    // 50 GB/s; a ring over one GPU per domain runs at its slowest edge: busbw x 0.75, latency terms unchanged.
    const system = buildPreset('hpn-h800', { stragglers: { links: [{ layer: 'scale-out', gpu: 5, plane: 0, speed: 0.5 }] } });
    const run = (s: typeof system) =>
      runCollective(new CollectiveSession(s), { op: 'allreduce', group: parseGroup('5-125:8', s.gpus), bytes: GIB, algorithm: 'ring', fidelity: 'flow' });
    const share = run(system).busbwGBps / run(healthySystem(system)).busbwGBps;
    expect(share).toBeGreaterThanOrEqual(0.75);
    expect(share).toBeLessThan(0.76);
  });

  it('inside the scale-up domain costs an 8-GPU ring its share of the lanes', () => {
    // 8 NVLink lanes over 4 planes, 2 each: plane 1's lanes of GPU 2 at half speed leave it 7 of 8 lanes' worth.
    const system = buildPreset('hpn-h800', { stragglers: { links: [{ layer: 'scale-up', gpu: 2, plane: 1, speed: 0.5 }] } });
    const run = (s: typeof system) =>
      runCollective(new CollectiveSession(s), { op: 'allreduce', group: parseGroup('0-7', s.gpus), bytes: GIB, algorithm: 'ring', fidelity: 'flow' });
    const share = run(system).busbwGBps / run(healthySystem(system)).busbwGBps;
    expect(share).toBeGreaterThanOrEqual(0.875);
    expect(share).toBeLessThan(0.885);
  });

  it('needs flow fidelity', () => {
    const system = buildPreset('hpn-h800', { stragglers: { links: [{ layer: 'scale-out', gpu: 5, plane: 0, speed: 0.5 }] } });
    const run = () => runCollective(new CollectiveSession(system), { op: 'allreduce', group: [0, 8], bytes: GIB, algorithm: 'auto', fidelity: 'analytical' });
    expect(run).toThrow(/slow links apply at flow fidelity/);
  });
});
