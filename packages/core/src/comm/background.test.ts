/** Tests of background traffic on the scale-out NICs at flow fidelity: capped flows that max-min fairness serves beside a collective's. */

import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { CollectiveSession, runCollective } from './run.js';

// Two HGX H100 servers, a 400 Gb/s (50 GB/s) NIC per GPU.
const system = buildPreset('hgx-h100', {}, 16);
const all = Array.from({ length: 16 }, (_, i) => i);
const inServer = Array.from({ length: 8 }, (_, i) => i);
const time = (backgroundPerGpu: number, group: number[], bytes = 2 ** 30) =>
  runCollective(new CollectiveSession(system, backgroundPerGpu), { op: 'allreduce', group, bytes, algorithm: 'ring', fidelity: 'flow' }).timeUs;

describe('background traffic on the NICs at flow fidelity', () => {
  it('slows an all-reduce across servers that fills the NICs by about its share of their rate, and not at all at 0', () => {
    const quiet = time(0, all);
    const busy = time(12.5e9, all); // a quarter of each GPU's 50 GB/s NIC
    // The ring's cross-server steps run on the payload rate the background leaves (the NIC at its protocol efficiency,
    // less 12.5 GB/s); its NVLink steps do not slow: between 1 and payload / (payload - 12.5 GB/s).
    const payload = 50e9 * (system.spec.scaleOut?.protocolEfficiency ?? 1);
    expect(busy / quiet).toBeGreaterThan(1.1);
    expect(busy / quiet).toBeLessThanOrEqual(payload / (payload - 12.5e9) + 1e-6);
    expect(time(0, all)).toBe(quiet);
  });

  it('leaves a collective inside one server, which no NIC carries, unchanged', () => {
    expect(time(12.5e9, inServer)).toBe(time(0, inServer));
  });

  it('takes at most its fair share: a background at 90% of the NIC leaves the all-reduce half, not a tenth', () => {
    const quiet = time(0, all);
    const heavy = time(45e9, all);
    expect(heavy / quiet).toBeLessThan(2.2);
  });
});
