/** Tests of NICs pooled on the scale-up switches at flow fidelity: each GPU's transfers leave by its own NIC, over its scale-up link; a failed NIC is routed round. */

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { buildPreset } from '../test-support.js';
import { nicUse } from './links.js';
import { CollectiveSession, runCollective } from './run.js';

// Two AL128 domains of 128 GPUs, one 400 Gb/s NIC a GPU.
const pooled = buildPreset('al128', { scaleOut: { nicAttach: 'scale-up' } }, 256);
const host = buildPreset('al128', {}, 256);
const all = Array.from({ length: 256 }, (_, i) => i);
const flow = (system: typeof pooled, op: 'allreduce' | 'alltoall' | 'sendrecv', group: number[], algorithm = 'auto') =>
  runCollective(new CollectiveSession(system), { op, group, bytes: 2 ** 28, algorithm, fidelity: 'flow' });

describe('NICs pooled on the scale-up switches, at flow fidelity', () => {
  it('an all-to-all over two domains leaves each GPU by its own NIC, as fast as NICs beside the GPUs (no hash collisions)', () => {
    const a = flow(pooled, 'alltoall', all);
    const b = flow(host, 'alltoall', all);
    expect(Math.abs(a.timeUs / b.timeUs - 1)).toBeLessThan(0.01);
    if (!a.execution) throw new Error('a flow run keeps its execution');
    const use = nicUse(a.execution.topo, a.execution);
    expect(use).toMatchObject({ nics: 256, sending: 256 });
    expect(use.maxGBps / use.minGBps).toBeCloseTo(1, 6);
  });

  it("a transfer between domains crosses the sender's scale-up link, which NICs beside the GPU leave idle", () => {
    const upBytes = (system: typeof pooled) => {
      const run = flow(system, 'sendrecv', [0, 128]);
      const e = run.execution;
      if (!e) throw new Error('a flow run keeps its execution');
      const gpu = e.topo.gpus[0] as number;
      let bytes = 0;
      e.topo.links.forEach((l, i) => {
        if (l.from === gpu && l.layer === 'scale-up') bytes += e.linkBytes[i] as number;
      });
      return bytes;
    };
    expect(upBytes(pooled)).toBeGreaterThanOrEqual(2 ** 28);
    expect(upBytes(host)).toBe(0);
  });

  it('a GPU whose NIC failed still reaches the other domain through another NIC of its own; beside the GPU it is cut off', () => {
    const failed = { failures: [{ kind: 'nic' as const, gpu: 5 }] };
    const pooledDown = buildPreset('al128', { scaleOut: { nicAttach: 'scale-up' }, ...failed }, 256);
    expect(flow(pooledDown, 'sendrecv', [5, 133]).timeUs).toBeGreaterThan(0);
    const hostDown = buildPreset('al128', failed, 256);
    expect(() => flow(hostDown, 'sendrecv', [5, 133])).toThrow(ConfigError);
    expect(() => flow(hostDown, 'sendrecv', [5, 133])).toThrow(/GPU 5 is cut off from the scale-out network/);
  });
});
