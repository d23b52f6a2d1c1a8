import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { buildPreset } from '../test-support.js';

const build = buildPreset;

describe('planScaleOut', () => {
  it('planScaleOut builds 1,024 H100 as a 2-tier rail-optimized Clos of Quantum-2', () => {
    // Quantum-2: 64 ports at 400G, 1:1 -> 32 down, 32 up per leaf. 128 servers / 32 = 4 leaves per rail,
    // x 8 rails = 32 leaves; 32 x 32 uplinks / 64 ports = 16 spines (<= 32 uplinks, so 2 tiers fit).
    const out = build('hgx-h100', {}, 1024).scaleOut;
    expect(out?.tiers).toBe(2);
    expect(out?.leafDownPorts).toBe(32);
    expect(out?.leavesPerPlane).toBe(32);
    expect(out?.spinesPerPlane).toBe(16);
  });

  it('planScaleOut moves 16,384 H100 to 3 tiers of pods', () => {
    // 2,048 servers / 32 = 64 leaves per rail, 512 leaves > 64-port spines: 3 tiers. Aggregation: 32 down,
    // so pods of 32 leaves (4 server blocks x 8 rails) -> 16 pods, 32 aggregation switches per pod,
    // core groups of ceil(16 pods x 32 uplinks / 64) = 8.
    const out = build('hgx-h100', {}, 16384).scaleOut;
    expect(out?.tiers).toBe(3);
    expect(out?.pods).toBe(16);
    expect(out?.leavesPerPod).toBe(32);
    expect(out?.coresPerGroup).toBe(8);
  });

  it('planScaleOut gives HPN ToRs 128 servers down and 60 x 400G up, as published', () => {
    // Tomahawk 5, 200G down (2 lanes) and 400G up (4 lanes), 1.067:1: 132 down + 62 up = 512 lanes at most;
    // a segment of 128 servers puts 128 on one ToR per rail and plane, with ceil(128 x 200 / (1.067 x 400)) = 60 up.
    const out = build('hpn-h800').scaleOut;
    expect(out?.planes).toBe(2);
    expect(out?.leafDownPorts).toBe(132);
    expect(out?.leafUplinks).toBe(60);
    expect(out?.leavesPerPlane).toBe(8);
  });

  it('planScaleOut refuses 2 tiers that cannot reach every port, naming the limit', () => {
    // 2 tiers of Quantum-2 reach 64 leaves x 32 ports = 2,048 ports per plane; 16,384 GPUs need 16,384.
    expect(() => build('hgx-h100', { scaleOut: { tiers: 2 } }, 16384)).toThrow(ConfigError);
    expect(() => build('hgx-h100', { scaleOut: { tiers: 2 } }, 16384)).toThrow(/reach at most 2048 ports per plane/);
  });

  it('planScaleOut refuses an uplink no switch port can carry, naming the field (it hung the describe of a hostile scenario)', () => {
    expect(() => buildPreset('gb200-nvl72', { scaleOut: { uplinkSpeed: 1e21 } })).toThrow(ConfigError);
    expect(() => buildPreset('gb200-nvl72', { scaleOut: { uplinkSpeed: 1e21 } })).toThrow(
      /scaleOut\.uplinkSpeed|uplink of .* needs .* lanes of 'quantum-2', which has 256/,
    );
  });

  it('planScaleOut halves leaf uplinks at 2:1 oversubscription', () => {
    // 64 ports, 2:1: d + d/2 <= 64 -> d = 42, up = 21 for a full leaf.
    const out = build('hgx-h100', { scaleOut: { oversubscription: 2 } }, 2048).scaleOut;
    expect(out?.leafDownPorts).toBe(42);
    expect(out?.leafUplinks).toBe(21);
  });
});
