/** Tests of the NIC-selection rule for KV moves when the scale-out NICs are pooled on the scale-up switches. */

import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { nicPool } from './deployment.js';
import { serve } from './serve.js';
import { generateRequests } from './workload.js';

const pooled = buildPreset('al128', { scaleOut: { nicAttach: 'scale-up' } }, 256);
const prefill = Array.from({ length: 8 }, (_, i) => i * 8); // GPUs 0-63
const decode = Array.from({ length: 16 }, (_, i) => 64 + i * 8); // GPUs 64-191

describe('NIC pool', () => {
  it('a move between two half-used domains stripes over twice its own NICs; inside a domain it takes its own', () => {
    const pool = nicPool(pooled, prefill, decode, 8);
    expect(pool?.lanes(0, 128, 8)).toBe(16);
    expect(pool?.lanes(0, 64, 8)).toBe(8);
  });

  it('domains full of senders or of receivers give no gain, and NICs behind the hosts make no pool', () => {
    const full = nicPool(
      pooled,
      Array.from({ length: 16 }, (_, i) => i * 8),
      Array.from({ length: 16 }, (_, i) => 128 + i * 8),
      8,
    );
    expect(full?.lanes(0, 128, 8)).toBe(8);
    expect(nicPool(buildPreset('al128', {}, 256), prefill, decode, 8)).toBeUndefined();
  });

  it('serve: the same disaggregated load moves its KV in less time with pooled NICs than with a NIC behind each GPU', () => {
    const llama70 = models.get('llama3-70b');
    const load = () =>
      generateRequests({
        arrival: { kind: 'poisson', rateRps: 20 },
        requests: 200,
        input: { kind: 'fixed', tokens: 8192 },
        output: { kind: 'fixed', tokens: 64 },
        seed: 5,
      });
    const options = { tp: 8, pd: { prefill: 8, decode: 16 } };
    const host = serve(buildPreset('al128', {}, 256), llama70, load(), options);
    const pool = serve(pooled, llama70, load(), options);
    expect(pool.kvTransferSeconds).toBeLessThan(0.75 * host.kvTransferSeconds);
  });
});
