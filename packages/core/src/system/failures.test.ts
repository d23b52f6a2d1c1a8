import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { buildPreset } from '../test-support.js';
import { scaleOutLinkCount, scaleUpLinkCount, systemFailures } from './failures.js';

const LLAMA3_DAYS = 54;
const byKey = (s: ReturnType<typeof systemFailures>) => Object.fromEntries(s.components.map((c) => [c.key, c]));

describe('systemFailures', () => {
  it('systemFailures on hgx-h100 x 16,384 gives back the Llama 3 Table 5 counts of the GPU, HBM and host rows', () => {
    // The catalogue rates are those rows over 16,384 GPUs and 2,048 servers for 54 days, so the same exposure returns them.
    const f = byKey(systemFailures(buildPreset('hgx-h100', {}, 16_384)));
    expect((f.gpu?.failuresPerDay ?? 0) * LLAMA3_DAYS).toBeCloseTo(148 + 19 + 17 + 6 + 6, 6);
    expect((f.hbm?.failuresPerDay ?? 0) * LLAMA3_DAYS).toBeCloseTo(72, 6);
    expect((f.host?.failuresPerDay ?? 0) * LLAMA3_DAYS).toBeCloseTo(43, 6);
    // Switches, links and transceivers share Table 5's 35 'network switch/cable' over the preset's counts.
    const network = ['scale-out-switch', 'link', 'optics'].reduce((n, k) => n + (f[k]?.failuresPerDay ?? 0) * LLAMA3_DAYS, 0);
    expect(network).toBeCloseTo(35, 6);
  });

  it('systemFailures rates a scale-out switch chip 0.051 / 0.057 of a link with its two transceivers (HPN per-unit rates)', () => {
    const f = byKey(systemFailures(buildPreset('hgx-h100', {}, 16_384)));
    const perUnit = (k: string) => (f[k]?.failuresPerDay ?? 0) / (f[k]?.units ?? 1);
    const linkWithOptics = perUnit('link') + 2 * perUnit('optics');
    expect(perUnit('scale-out-switch') / linkWithOptics).toBeCloseTo(0.051 / 0.057, 9);
  });

  it('scaleOutLinkCount on hgx-h100 x 16,384 counts NIC, leaf and aggregation links: 3 x 16,384', () => {
    expect(scaleOutLinkCount(buildPreset('hgx-h100', {}, 16_384))).toBe(49_152);
  });

  it('scaleUpLinkCount counts cables only where the domain leaves the server', () => {
    // NVL72: 900 GB/s per GPU over 50 GB/s NVLink5 links = 18 cables per GPU.
    expect(scaleUpLinkCount(buildPreset('gb200-nvl72'))).toBe(72 * 18);
    const hgx = byKey(systemFailures(buildPreset('hgx-h100')));
    expect(hgx['scale-up-link']?.units ?? 0).toBe(0);
  });

  it('systemFailures blast radius follows GPUs per OS image on al128 (8, 16, 32)', () => {
    for (const gpusPerOs of [8, 16, 32]) {
      const f = byKey(systemFailures(buildPreset('al128', { server: { gpusPerOs } })));
      expect(f.gpu?.blastRadiusGpus).toBe(gpusPerOs);
      expect(f.host?.blastRadiusGpus).toBe(gpusPerOs);
      expect(f.host?.units).toBe(128 / gpusPerOs);
    }
  });

  it('systemFailures: fewer, larger OS images mean fewer host failures a day', () => {
    // Each OS image is one host failing at the same rate, so 4 hosts of 32 GPUs fail a quarter as often as 16 of 8.
    const rate = (gpusPerOs: number) => systemFailures(buildPreset('al128', { server: { gpusPerOs } }));
    const host = (gpusPerOs: number) => byKey(rate(gpusPerOs)).host?.failuresPerDay ?? 0;
    expect(host(32)).toBeCloseTo(host(8) / 4, 12);
    expect(rate(32).interruptionsPerDay).toBeLessThan(rate(8).interruptionsPerDay);
  });

  it('systemFailures: on two scale-out planes a switch, link or transceiver failure does not interrupt', () => {
    const dual = byKey(systemFailures(buildPreset('al128')));
    const single = byKey(systemFailures(buildPreset('al128', { scaleOut: { planes: 1 } })));
    for (const k of ['scale-out-switch', 'link', 'optics']) {
      expect(dual[k]?.interrupts, k).toBe(false);
      expect(dual[k]?.blastRadiusGpus, k).toBe(0);
      expect(single[k]?.interrupts, k).toBe(true);
    }
  });

  it('systemFailures on gb200-nvl72: the tray is the OS image, a switch chip takes the rack, its redundant power shelves take nothing', () => {
    const f = byKey(systemFailures(buildPreset('gb200-nvl72')));
    expect(f.gpu?.blastRadiusGpus).toBe(4);
    expect(f.power?.interrupts).toBe(false);
    expect(f['scale-up-switch']?.blastRadiusGpus).toBe(72);
  });

  it('systemFailures: mtbfHours is 24 h over the interruptions a day', () => {
    const s = systemFailures(buildPreset('hgx-h100', {}, 1024));
    expect(s.mtbfHours * s.interruptionsPerDay).toBeCloseTo(24, 12);
  });

  it('buildSystem refuses GPUs per OS image that do not tile servers and the deployment unit', () => {
    expect(() => buildPreset('al128', { server: { gpusPerOs: 12 } })).toThrow(ConfigError);
    expect(() => buildPreset('al128', { server: { gpusPerOs: 12 } })).toThrow(/server\.gpusPerOs|gpusPerOs/);
    expect(() => buildPreset('hgx-h100', { server: { gpusPerOs: 16 } })).toThrow(/deployment unit of 8 GPUs/);
  });

  it('NICs pooled on the scale-up switches: a scale-out NIC failure interrupts nothing, the DCN NICs behind the hosts still do', () => {
    const host = byKey(systemFailures(buildPreset('al128', {}, 1024)));
    const pooled = systemFailures(buildPreset('al128', { scaleOut: { nicAttach: 'scale-up' } }, 1024));
    const f = byKey(pooled);
    expect(f['scale-out-nic']?.interrupts).toBe(false);
    expect(f['scale-out-nic']?.blastRadiusGpus).toBe(0);
    expect(f.nic?.interrupts).toBe(true);
    // The same NICs fail as often; only the DCN's stop the job now.
    expect((f.nic?.failuresPerDay ?? 0) + (f['scale-out-nic']?.failuresPerDay ?? 0)).toBeCloseTo(host.nic?.failuresPerDay ?? 0, 12);
    expect(pooled.interruptionsPerDay).toBeLessThan(systemFailures(buildPreset('al128', {}, 1024)).interruptionsPerDay);
  });
});
