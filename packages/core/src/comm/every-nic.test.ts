import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { nicUse } from './links.js';
import { CollectiveSession, runCollective } from './run.js';

// Four HGX H100 servers of 8 GPUs, a 400 Gb/s NIC per GPU.
const system = buildPreset('hgx-h100', {}, 32);
const session = new CollectiveSession(system);
const all = Array.from({ length: 32 }, (_, i) => i);
const flow = (op: 'allreduce' | 'broadcast' | 'reduce', algorithm: string, bytes = 2 ** 30) =>
  runCollective(session, { op, group: all, bytes, algorithm, fidelity: 'flow' });

describe('collectives across servers use every NIC, as NCCL gives each channel its own', () => {
  it('a tree all-reduce over 4 servers of 8 GPUs with 8 NICs each puts traffic on all 32 NICs', () => {
    const run = flow('allreduce', 'tree');
    const execution = run.execution;
    if (!execution) throw new Error('a flow run keeps its execution');
    const use = nicUse(execution.topo, execution);
    expect(use).toMatchObject({ nics: 32, sending: 32 });
    // Channel c's chain heads send its tree traffic on their own NIC: no NIC carries more than twice another's.
    expect(use.maxGBps / use.minGBps).toBeLessThanOrEqual(2 + 1e-9);
    // Close to the ring's time, not the eight times one NIC per server would take.
    const ring = flow('allreduce', 'ring');
    expect(run.timeUs).toBeLessThan(1.5 * ring.timeUs);
  });

  it.each([['broadcast'], ['reduce']] as const)('a ring %s over 4 servers runs one chain per channel, leaving each server on 31 of its 32 NICs', (op) => {
    const run = flow(op, 'ring');
    const execution = run.execution;
    if (!execution) throw new Error('a flow run keeps its execution');
    // Channel 0's chain starts at rank 0 and crosses 3 server boundaries; the other 7 wrap round to server 0: 4 each.
    expect(nicUse(execution.topo, execution)).toMatchObject({ nics: 32, sending: 31 });
    // Each NIC carries 1/8 of the buffer: the busiest rank moves S/8 over its NIC, not S.
    const s = 2 ** 30;
    expect(run.timeUs * 1e-6).toBeLessThan(s / system.scaleOut.bandwidthPerGpu / 4);
  });

  it('prices the channel chains in closed form as the flow run does', () => {
    const analytical = runCollective(session, { op: 'broadcast', group: all, bytes: 2 ** 30, algorithm: 'ring', fidelity: 'analytical' });
    expect(flow('broadcast', 'ring').timeUs).toBeCloseTo(analytical.timeUs, 0);
  });
});
