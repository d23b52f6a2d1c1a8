import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { resolvePlan } from '../training/plan.js';
import type { BytesPerSecond } from '../units/units.js';
import { checkpointCost } from './checkpoint.js';
import { resilience } from './resilience.js';
import { servingAvailability } from './serving.js';

const llama405 = models.get('llama3.1-405b');
const moe = models.get('moe-10t');
const ssd = (attach: 'host' | 'scale-up', drives: number) => ({ ssd: { drives, attach } });

describe('checkpoints on local drives', () => {
  it('the worked example: 405B on 16K H100s writes to 8 drives a server in 0.035 s and drains to storage behind the run', () => {
    const plain = buildPreset('hgx-h100', {}, 16384);
    const withDrives = buildPreset('hgx-h100', ssd('host', 8), 16384);
    const plan = resolvePlan(llama405, plain, { tp: 8, pp: 16, mbs: 1, gbs: 2048, seq: 8192 });
    const remote = checkpointCost(plain, llama405, plan);
    const local = checkpointCost(withDrives, llama405, plan);
    expect(remote.tier).toBe('storage');
    expect(local.tier).toBe('ssd');
    expect(local.writeS).toBeCloseTo(remote.stateBytes / (2048 * 8 * 10e9), 9);
    expect(local.drainS).toBeCloseTo(remote.writeS, 9);
    // A failed server's shards come back from storage over its NICs; the rest from the drives.
    expect(local.restoreS).toBeCloseTo(remote.restoreBytes / 2048 / 50e9, 6);
    expect(local.restoreS).toBeLessThan(remote.restoreS);
  });

  it('drives pooled on the scale-up switches outlive a failed server: with slow storage the restore reads them, inside the servers it cannot', () => {
    const slow = 10e9 as BytesPerSecond;
    const host = buildPreset('al128', ssd('host', 4), 1024);
    const pooled = buildPreset('al128', ssd('scale-up', 64), 1024);
    const plan = resolvePlan(moe, host, { tp: 1, pp: 4, ep: 64, mbs: 1, gbs: 1024, seq: 4096, precision: 'fp8' });
    const inServers = checkpointCost(host, moe, plan, slow);
    const onFabric = checkpointCost(pooled, moe, plan, slow);
    // The same 512 drives write alike.
    expect(onFabric.writeS).toBeCloseTo(inServers.writeS, 9);
    expect(onFabric.restoreS).toBeCloseTo(inServers.restoreBytes / (8 * 64 * 14e9), 9);
    expect(inServers.restoreS).toBeCloseTo(inServers.restoreBytes / 128 / 10e9, 9);
    expect(onFabric.restoreS).toBeLessThan(inServers.restoreS / 4);
  });

  it("a serving replica reloads its weights from the domain's pooled drives, from storage where the drives sat in the failed servers", () => {
    const deployment = { gpusPerReplica: 32, replicas: 4, weightsBytesPerGpu: 40e9 };
    const host = servingAvailability(buildPreset('al128', ssd('host', 4), 128), deployment);
    const pooled = servingAvailability(buildPreset('al128', ssd('scale-up', 64), 128), deployment);
    const none = servingAvailability(buildPreset('al128', {}, 128), deployment);
    expect(host.reloadS).toBe(none.reloadS);
    expect(pooled.reloadS).toBeCloseTo((32 * 40e9) / (64 * 14e9), 9);
    expect(pooled.reloadS).toBeLessThan(host.reloadS);
  });

  it('a drain to storage longer than the compute between checkpoints holds the next write back by the difference', () => {
    const pooled = buildPreset('al128', ssd('scale-up', 64), 1024);
    const plan = { tp: 1, pp: 4, ep: 64, mbs: 1, gbs: 1024, seq: 4096, precision: 'fp8' as const };
    const slow = 10e9 as BytesPerSecond;
    const r = resilience(pooled, moe, plan, { storageBandwidth: slow, checkpointIntervalS: 600, runs: 4 });
    expect(r.checkpoint.tier).toBe('ssd');
    expect(r.checkpoint.drainS).toBeGreaterThan(600);
    expect(r.checkpoint.writeS).toBeCloseTo(r.checkpoint.drainS - 600, 6);
  });

  it("on a converged DCN the drain takes its rate's share of the collectives' NICs for its share of the run; behind a DCN of its own, nothing", () => {
    const plan = { tp: 1, pp: 4, ep: 64, mbs: 1, gbs: 1024, seq: 4096, precision: 'fp8' as const };
    const converged = buildPreset('al128', { ...ssd('scale-up', 64), dcn: { converged: true } }, 1024);
    const r = resilience(converged, moe, plan, { runs: 4 });
    const drain = r.checkpoint.drain;
    if (!drain) throw new Error('no drain cost on a converged DCN');
    expect(drain.nicShare).toBeCloseTo((r.checkpoint.bandwidthGBps * 1e9) / (1024 * 50e9), 9);
    expect(drain.runShare).toBeCloseTo(r.checkpoint.drainS / (r.checkpoint.intervalS + r.checkpoint.writeS), 9);
    expect(drain.iterationTimeS).toBeGreaterThan(r.iterationTimeS);
    expect(resilience(buildPreset('al128', ssd('scale-up', 64), 1024), moe, plan, { runs: 4 }).checkpoint.drain).toBeUndefined();
  });
});
