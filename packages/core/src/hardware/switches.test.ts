import { describe, expect, it } from 'vitest';
import { publishedCase } from '../../../../test/published-cases.js';
import { bytesPerSecond, gBps, gbps, toGbps, toNs, toTBps, toTbps } from '../units/units.js';
import { portsAt, switchChips } from './switches.js';

const devValue = (id: string): unknown => publishedCase(id, 'spec').value;

/** Aggregate one-direction capacity of a chip: lanes x lane rate. */
const capacity = (id: string) => bytesPerSecond(switchChips.get(id).lanes * switchChips.get(id).laneRate);

describe('portsAt', () => {
  it('gives Tomahawk 5 128 ports at 400G and 64 at 800G', () => {
    // 512 x 100G lanes: 400G takes ceil(400/100) = 4 lanes -> floor(512/4) = 128; 800G takes 8 -> 64
    // (cases.json spec-tomahawk5 radix "64x800GbE / 128x400GbE").
    const th5 = switchChips.get('tomahawk5');
    expect(portsAt(th5, gbps(400))).toBe(128);
    expect(portsAt(th5, gbps(800))).toBe(64);
  });

  it('gives Quantum-2 64 NDR ports and Quantum 40 HDR ports', () => {
    // 256 x 100G / 4 = 64 ports at 400G; 160 x 50G / 4 = 40 ports at 200G (QM9700, QM8700 radix).
    expect(portsAt(switchChips.get('quantum-2'), gbps(400))).toBe(64);
    expect(portsAt(switchChips.get('quantum'), gbps(200))).toBe(40);
  });

  it('gives a port slower than a lane one whole lane', () => {
    // A 100G port on a 200G-lane chip still occupies a lane: 512 ports, not 1024.
    expect(portsAt(switchChips.get('tomahawk6'), gbps(100))).toBe(512);
  });

  it('takes two UB lanes for an Ascend 910C link of 56 GB/s', () => {
    // ceil(56 / 28) = 2 lanes a port -> floor(48 / 2) = 24 NPU-facing links per UB switch chip.
    expect(portsAt(switchChips.get('ub-switch'), gBps(56))).toBe(24);
  });
});

describe('switchChips.get', () => {
  it('gives NVSwitch gen3 the 64 NVLink4 ports cases.json lists', () => {
    // One lane is one NVLink4 link of 25 GB/s, so ports at 25 GB/s = lanes = 64 (cases.json spec-nvswitch-gen3).
    expect(portsAt(switchChips.get('nvswitch-gen3'), gBps(25))).toBe(devValue('spec-nvswitch-gen3'));
  });

  it('gives an NVL72 switch tray (two gen4 chips) 14.4 TB/s', () => {
    // 2 chips x 72 ports x 50 GB/s x 2 directions = 14.4 TB/s (cases.json spec-nvlink-switch-gen5).
    expect(toTBps(bytesPerSecond(2 * 2 * capacity('nvswitch-gen4')))).toBeCloseTo(devValue('spec-nvlink-switch-gen5') as number, 9);
  });

  it('gives Tomahawk 5 and 6 their 51.2 and 102.4 Tb/s', () => {
    // 512 x 100G and 512 x 200G (cases.json spec-tomahawk5, spec-tomahawk6).
    expect(toTbps(capacity('tomahawk5'))).toBeCloseTo(devValue('spec-tomahawk5') as number, 9);
    expect(toTbps(capacity('tomahawk6'))).toBeCloseTo(devValue('spec-tomahawk6') as number, 9);
  });

  it('gives ALink switches UALink 1.0 lanes and latency targets', () => {
    // UALink 1.0: 200 Gb/s lanes; <= 200 ns at 51.2T and <= 250 ns at 102.4T (cases.json spec-ualink-1.0).
    for (const id of ['alink-51t', 'alink-102t']) {
      expect(toGbps(switchChips.get(id).laneRate)).toBe(devValue('spec-ualink-1.0'));
    }
    expect(toTbps(capacity('alink-51t'))).toBeCloseTo(51.2, 9);
    expect(toTbps(capacity('alink-102t'))).toBeCloseTo(102.4, 9);
    // Latency is set at the bound itself, the worst a compliant switch may do.
    expect(toNs(switchChips.get('alink-51t').portToPortLatency)).toBeCloseTo(200, 6);
    expect(toNs(switchChips.get('alink-102t').portToPortLatency)).toBeCloseTo(250, 6);
  });
});
