import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { buildPreset } from '../test-support.js';

const build = buildPreset;

describe('planScaleUp', () => {
  it('planScaleUp gives AL128 9 single-stage planes of a 512-lane switch', () => {
    // 875 GB/s / 25 GB/s per 200G lane = 35 lanes; 512 lanes / 128 GPUs = 4 lanes per GPU per switch;
    // ceil(35 / 4) = 9 planes: eight carry 4 lanes, one carries 3; the busiest switch uses 128 x 4 = 512 lanes.
    const up = build('al128').scaleUp;
    expect(up.lanesPerGpu).toBe(35);
    expect(up.planes).toBe(9);
    expect(up.lanesPerGpuByPlane).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 3]);
    expect(up.lanesUsedMax).toBe(512);
    expect(up.switchHopsMax).toBe(1);
  });

  it('planScaleUp splits the 18 NVLinks of an H100 over 4 NVSwitches as 5,5,4,4', () => {
    // HGX H100 wires 18 links to 4 switches; 8 GPUs x 5 lanes = 40 of 64 ports on the busiest switch.
    const up = build('hgx-h100').scaleUp;
    expect(up.lanesPerGpuByPlane).toEqual([5, 5, 4, 4]);
    expect(up.lanesUsedMax).toBe(40);
  });

  it('planScaleUp gives GB200 NVL72 18 switch chips, one NVLink5 port per GPU each', () => {
    // 900 GB/s / 50 GB/s = 18 links; a 72-port chip holds one link from each of 72 GPUs -> 18 planes.
    const up = build('gb200-nvl72').scaleUp;
    expect(up.planes).toBe(18);
    expect(up.switchesPerDomain).toBe(18);
  });

  it('planScaleUp builds CloudMatrix384 as 7 planes of 48 leaves and 16 spines', () => {
    // 392 GB/s / 28 GB/s = 14 lanes, 2 per plane; 384 GPUs x 2 lanes / 48-lane spines = 16 spines per plane,
    // the 16 L2 switches per sub-plane the CloudMatrix384 paper describes; 384 / 8 = 48 leaves per plane.
    const up = build('cloudmatrix384').scaleUp;
    expect(up.planes).toBe(7);
    expect(up.leavesPerPlane).toBe(48);
    expect(up.spinesPerPlane).toBe(16);
    expect(up.switchHopsMax).toBe(3);
  });

  it('planScaleUp refuses a single-stage domain larger than the switch has lanes, by how much', () => {
    // 600 GPUs need at least 600 lanes on every single-stage switch; alink-102t has 512: short by 88.
    expect(() => build('al128', { gpus: 600, scaleUp: { domainSize: 600 }, rack: { gpus: 600 } })).toThrow(ConfigError);
    expect(() => build('al128', { gpus: 600, scaleUp: { domainSize: 600 }, rack: { gpus: 600 } })).toThrow(/has 512: short by 88/);
  });

  it('planScaleUp refuses too few planes and names the minimum', () => {
    // 4 planes put ceil(35/4) = 9 lanes per GPU per switch: 128 x 9 = 1152 lanes > 512 (short by 640); 9 are needed.
    expect(() => build('al128', { scaleUp: { planes: 4 } })).toThrow(/1152 lanes.*short by 640; expected at least 9 planes/);
  });

  it('planScaleUp warns when bandwidth is not a whole number of lanes', () => {
    // 880 GB/s / 25 GB/s = 35.2 -> 36 lanes = 900 GB/s provisioned.
    const sys = build('al128', { scaleUp: { bandwidthPerGpu: '880GB/s' } });
    expect(sys.scaleUp.lanesPerGpu).toBe(36);
    expect(sys.warnings.join()).toMatch(/provisioned 36 lanes = 900 GB\/s/);
  });
});

describe('planScaleUp bounds', () => {
  it('refuses a bandwidth per GPU that would take more switch planes than any design has, naming the field', () => {
    expect(() => buildPreset('al128', { scaleUp: { bandwidthPerGpu: '1000 PB/s' } })).toThrow(/scaleUp\.bandwidthPerGpu.*expected at most 256 planes/);
  });
});
