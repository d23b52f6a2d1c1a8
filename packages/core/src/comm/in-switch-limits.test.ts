import { describe, expect, it } from 'vitest';
import { reductionBandwidth } from '../collectives/types.js';
import { NVLINK5_SWITCH_REDUCTION_RATE } from '../hardware/switches.js';
import { buildPreset } from '../test-support.js';
import { gBps, gib, us } from '../units/units.js';
import { switchReductionRate } from './context.js';
import { parseGroup } from './group.js';
import { CollectiveSession, runCollective } from './run.js';

const busbw = (preset: string, group: string, algorithm: string, gpus?: number, bytes = 2 ** 33) =>
  runCollective(new CollectiveSession(buildPreset(preset, {}, gpus)), {
    op: 'allreduce',
    group: parseGroup(group, gpus ?? buildPreset(preset).gpus),
    bytes,
    algorithm,
    fidelity: 'analytical',
  }).busbwGBps;

describe('switchReductionRate', () => {
  it('switchReductionRate counts the chips a GPU stripes its lanes over', () => {
    // NVL72: 18 one-lane planes -> 18 chips; HGX B200: two 9-lane planes -> 2; HGX H100: 5-4-4-5 lanes -> 18/5 = 3.6
    // chips' worth at 1.6 TB/s (the busiest chip carries 5/18 of every rank's reduction).
    expect(switchReductionRate(buildPreset('gb200-nvl72'))).toBeCloseTo(18 * NVLINK5_SWITCH_REDUCTION_RATE, 0);
    expect(switchReductionRate(buildPreset('hgx-b200'))).toBeCloseTo(2 * NVLINK5_SWITCH_REDUCTION_RATE, 0);
    expect(switchReductionRate(buildPreset('hgx-h100'))).toBeCloseTo(3.6 * 1.6e12, 0);
  });

  it('switchReductionRate is undefined for a chip without a figure, and a scenario can set one', () => {
    // ALink publishes no reduction rate: the links alone bound it, unless the design states one.
    expect(switchReductionRate(buildPreset('al128'))).toBeUndefined();
    const stated = buildPreset('al128', { scaleUp: { reductionRate: '2TB/s' } });
    expect(switchReductionRate(stated)).toBeGreaterThan(0);
  });
});

describe('reductionBandwidth', () => {
  it('reductionBandwidth caps the rank rate at R bytesPerRank / ((n - 1) S): 72 GPUs on 18 chips', () => {
    // R = 18 x 1.72 TB/s = 30.96 TB/s; all-reduce moves S 73/72 per rank: 30.96e12 x 73/72 / 71 = 442.1 GB/s.
    const ctx = { op: 'allreduce', ranks: 72, bytes: gib(8), bandwidth: gBps(694), stepLatency: us(3), inSwitchReduction: true } as const;
    const capped = reductionBandwidth({ ...ctx, inSwitchBandwidth: gBps(616), switchReductionRate: gBps(30960) }, (8 * 2 ** 30 * 73) / 72);
    expect(capped / 1e9).toBeCloseTo((30960 * 73) / 72 / 71, 6);
    // Without a switch figure, the link-side rate stands.
    expect(reductionBandwidth({ ...ctx, inSwitchBandwidth: gBps(616) }, 1) / 1e9).toBeCloseTo(616, 9);
  });
});

describe('in-switch all-reduce across domain sizes', () => {
  it('in-switch busbw on GB200 NVL72 rises with the group while the links bind, then falls where the switches do', () => {
    // Links bind up to ~48 GPUs (busbw 2(n-1)/(n+1) x 616 GB/s); past that the 18 chips must add 71 operands per element.
    const curve = [4, 8, 16, 36, 48, 64, 72].map((n) => busbw('gb200-nvl72', `0-${n - 1}`, 'in-switch'));
    expect(curve[0]).toBeLessThan(curve[1] as number);
    expect(curve[3]).toBeGreaterThan(1000);
    expect(curve[6]).toBeLessThan(curve[4] as number);
    // Held back (cases.json coll-gb200-nvl72-ar-72): a full rack measures 835-847 GB/s at 4-8 GiB.
    expect(Math.abs((curve[6] as number) / 840 - 1)).toBeLessThan(0.03);
  });

  it('in-switch busbw on 8 B200s is switch-bound, near the 830+ GB/s measured, not the ~928 the links allow', () => {
    const b200 = busbw('hgx-b200', '0-7', 'in-switch');
    expect(b200).toBeGreaterThan(810);
    expect(b200).toBeLessThan(860);
  });

  it('in-switch busbw on 8 H100s stays link-bound: the 1.6 TB/s chips are not the limit there', () => {
    const withFigure = busbw('hgx-h100', '0-7', 'in-switch');
    const h100 = buildPreset('hgx-h100', { scaleUp: { reductionRate: '1000TB/s' } });
    const unlimited = runCollective(new CollectiveSession(h100), {
      op: 'allreduce',
      group: parseGroup('0-7', 8),
      bytes: 2 ** 33,
      algorithm: 'in-switch',
      fidelity: 'analytical',
    });
    expect(withFigure).toBeCloseTo(unlimited.busbwGBps, 6);
  });
});

describe('nvls-tree all-reduce', () => {
  it("nvls-tree on 2 H100 servers beats the per-NIC limit of rings, held to NCCL's per-channel ceiling; on 4 it does not", () => {
    // 2 nodes: each slice crosses the network once each way, so the links would allow ~513 GB/s; NCCL's ceiling of 8
    // channels x 57.7 GB/s holds it to 461.6 (measured 463-470). 4 nodes: 8 x 45.5 = 364 and the tree's busiest NIC
    // (2 S/8 each way, ~372) both fall below the channel rings' ~381.
    const two = busbw('hgx-h100', 'all', 'nvls-tree', 16);
    expect(two).toBeGreaterThan(1.15 * busbw('hgx-h100', 'all', 'ring', 16));
    expect(two).toBeLessThan(461.6);
    expect(two).toBeGreaterThan(0.98 * 461.6);
    expect(busbw('hgx-h100', 'all', 'nvls-tree', 32)).toBeLessThan(busbw('hgx-h100', 'all', 'ring', 32));
  });

  it('nvls-tree: auto picks it on two nodes, rings on four, as NCCL does', () => {
    const session = (gpus: number) => new CollectiveSession(buildPreset('hgx-h100', {}, gpus));
    const pick = (gpus: number) =>
      runCollective(session(gpus), { op: 'allreduce', group: parseGroup('all', gpus), bytes: 2 ** 33, algorithm: 'auto', fidelity: 'analytical' }).algorithm;
    expect(pick(16)).toBe('nvls-tree');
    expect(pick(32)).toBe('ring');
  });

  it('nvls-tree runs at its closed-form time on the flow engine', () => {
    const session = new CollectiveSession(buildPreset('hgx-h100', {}, 16));
    const request = { op: 'allreduce', group: parseGroup('all', 16), bytes: 2 ** 30, algorithm: 'nvls-tree' } as const;
    const flow = runCollective(session, { ...request, fidelity: 'flow' });
    const closed = runCollective(session, { ...request, fidelity: 'analytical' });
    expect(Math.abs(flow.timeUs / closed.timeUs - 1)).toBeLessThan(0.01);
  });
});
