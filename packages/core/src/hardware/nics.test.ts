import { describe, expect, it } from 'vitest';
import { publishedCase } from '../../../../test/published-cases.js';
import { toGbps } from '../units/units.js';
import { nics } from './nics.js';

const devValue = (id: string): unknown => publishedCase(id, 'spec').value;

describe('nics.get', () => {
  it('gives ConnectX-7, ConnectX-8 and BlueField-3 the line rates cases.json lists', () => {
    // 400 Gb/s (spec-connectx7), 800 Gb/s (spec-connectx8), 2 x 200 Gb/s = 400 per GPU in HPN (spec-bluefield3-hpn).
    expect(toGbps(nics.get('cx7').rate)).toBe(devValue('spec-connectx7'));
    expect(toGbps(nics.get('cx8').rate)).toBe(devValue('spec-connectx8'));
    expect(toGbps(nics.get('bluefield3').rate)).toBe(devValue('spec-bluefield3-hpn'));
  });
});

describe('nics.entries', () => {
  it('never lets the host PCIe link be slower than the line rate', () => {
    // Each NIC is sized so PCIe is not its bottleneck: e.g. CX7 Gen5 x16 = 63 GB/s > 50 GB/s at 400 Gb/s.
    for (const nic of nics.entries) expect(nic.hostBandwidth, nic.id).toBeGreaterThanOrEqual(nic.rate);
  });
});
