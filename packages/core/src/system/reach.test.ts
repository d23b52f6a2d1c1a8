import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { reachWarning, scaleUpRunM } from './reach.js';

describe('scaleUpRunM', () => {
  it('scaleUpRunM is the in-rack run for one rack and adds half the row of racks beyond it', () => {
    // AL128 racks hold 128 GPUs: 1, 2, 4 and 8 racks per domain; switches in the middle of the row. 1,024 GPUs are past
    // one 512-lane chip's single stage, so that domain takes a second switch stage (leaves of 128).
    const run = (scaleUp: object) => scaleUpRunM(buildPreset('al128', { scaleUp }, 1024).spec);
    const runs = [{ domainSize: 128 }, { domainSize: 256 }, { domainSize: 512 }, { domainSize: 1024, tiers: 2, leafGpus: 128 }].map(run);
    expect(runs.map((m) => Number(m.toFixed(2)))).toEqual([2, 2.6, 3.2, 4.4]);
  });
});

describe('reachWarning', () => {
  it('reachWarning flags copper across racks and passes optics, and buildSystem carries the warning', () => {
    const copper = buildPreset('al128', { scaleUp: { domainSize: 256 } }, 1024);
    expect(reachWarning(copper.spec)).toMatch(/spans 2 racks of 128; its longest link runs ~2\.6 m, past copper's 2 m reach/);
    expect(copper.warnings.some((w) => w.includes("past copper's 2 m reach"))).toBe(true);
    expect(reachWarning(buildPreset('al128', { scaleUp: { domainSize: 256, medium: 'cpo' } }, 1024).spec)).toBeUndefined();
    expect(reachWarning(buildPreset('al128', {}, 1024).spec)).toBeUndefined();
  });
});
