/** Checkpoint cost: bytes of model state a training job saves and reloads, and the time to write and read them over the system's storage path. */

import { parameterCounts } from '../models/count.js';
import type { TransformerModel } from '../models/types.js';
import type { ResolvedSsd } from '../system/resolve.js';
import type { System } from '../system/system.js';
import { memoryPerGpu, WEIGHT_BYTES } from '../training/memory.js';
import type { ParallelPlan } from '../training/plan.js';
import type { BytesPerSecond } from '../units/units.js';
import { tBps } from '../units/units.js';

/**
 * Storage bandwidth when the scenario gives none (dcn.storageBandwidth): 2 TB/s, the sustained throughput of the
 * Tectonic cluster Llama 3 checkpointed to (Meta, 'The Llama 3 Herd of Models', section 3.3.1: 240 PB on 7,500
 * servers, 2 TB/s sustained, 7 TB/s peak). An assumption for any other system.
 */
export const DEFAULT_STORAGE_BANDWIDTH: BytesPerSecond = tBps(2);

export interface CheckpointCost {
  /** Unique model state: every parameter's 16-bit weight, master copy and two Adam moments, once. */
  readonly stateBytes: number;
  /** What the GPUs load back: each GPU its own weights and optimizer shard (replicas without ZeRO load copies). */
  readonly restoreBytes: number;
  /** The narrower of the storage and the hosts' network links to it. */
  readonly bandwidth: BytesPerSecond;
  readonly storageBandwidth: BytesPerSecond;
  /** Bytes per second all hosts' storage-facing NICs move together. */
  readonly hostsBandwidth: BytesPerSecond;
  /** Seconds the job stops to write: to the local drives where the system has them, else to storage. */
  readonly writeS: number;
  /** Seconds the job waits after a failure to load its state back. */
  readonly restoreS: number;
  /** Where the blocking write goes: remote storage, or the local drives (`ssd:`) that then drain to it. */
  readonly tier: 'storage' | 'ssd';
  /** Seconds the copy from the drives to remote storage takes behind the run; 0 without drives. */
  readonly drainS: number;
}

/**
 * Worked example (Llama 3.1 405B, TP 8 PP 16 on 16,384 H100s, ZeRO 1, FP32 master and moments): 405.9e9 parameters
 * x (2 + 4 + 4 + 4) B = 5.68 TB of state; 2,048 hosts x one 400G DCN NIC = 102 TB/s, so Tectonic's 2 TB/s binds:
 * 2.8 s to write. Each GPU holds 405.9e9 / 128 x 2 B of weights and its 1/128 DP shard of 12 B optimizer bytes per
 * parameter of its stage: 16,384 x (6.34 + 0.30) GB = 109 TB to restore, 54 s.
 */
export function checkpointCost(system: System, model: TransformerModel, plan: ParallelPlan, storage?: BytesPerSecond): CheckpointCost {
  const parameters = parameterCounts(model).total;
  const stateBytes = parameters * (WEIGHT_BYTES + plan.masterWeightBytes + 2 * plan.momentBytes);
  const mem = memoryPerGpu(model, plan, system.spec.gpu.hbmUsable);
  const restoreBytes = system.gpus * (mem.weights + mem.optimizer);
  const storageBandwidth = storage ?? (system.spec.dcn?.storageBandwidth as BytesPerSecond | undefined) ?? DEFAULT_STORAGE_BANDWIDTH;
  const hostsBandwidth = hostsStorageBandwidth(system);
  const bandwidth = Math.min(storageBandwidth, hostsBandwidth) as BytesPerSecond;
  // Every GPU also copies its own share through its host link; on any real system the network binds first.
  const hostLink = system.spec.server.hostLinkBandwidth;
  const writeS = Math.max(stateBytes / bandwidth, stateBytes / system.gpus / hostLink);
  const restoreS = Math.max(restoreBytes / bandwidth, restoreBytes / system.gpus / hostLink);
  const remote = { stateBytes, restoreBytes, bandwidth, storageBandwidth, hostsBandwidth, writeS, restoreS, tier: 'storage' as const, drainS: 0 };
  const ssd = system.spec.ssd;
  if (!ssd) return remote;
  return { ...remote, ...localTier(system, ssd, stateBytes, restoreBytes, bandwidth), tier: 'ssd', drainS: writeS };
}

/**
 * A checkpoint written to local NVMe drives first (the job stops for that write only; the copy to remote storage runs
 * behind the next interval, drainS) and restored from them, by where the drives sit:
 * - inside the servers (attach host): each server writes its GPUs' shards to its own drives through its CPUs' PCIe
 *   (every GPU through its host link). A failed server leaves with its drives, so its replacement loads that server's
 *   shards from remote storage over one server's share of the storage path, while the others read their own drives.
 * - pooled on the scale-up switches (attach scale-up): each domain's GPUs write to the domain's drives over the
 *   scale-up fabric. The drives outlive any server, so a restore reads every shard back from them.
 * Example, Llama 3.1 405B on 16,384 H100s, TP 8 PP 16 (5.68 TB of state, 108.8 TB to restore), 8 drives of 10 / 14
 * GB/s a server: 2,048 servers write 164 TB/s, 0.035 s, drained to storage in 2.8 s behind the run. Inside the
 * servers, a failed server's 53 GB come back from storage over its 50 GB/s of NICs in 1.06 s (the others read theirs
 * in 0.47 s); pooled on the scale-up switches (here each server's NVLink domain), all come back from the drives: 0.47 s.
 */
function localTier(
  system: System,
  ssd: ResolvedSsd,
  stateBytes: number,
  restoreBytes: number,
  storagePath: BytesPerSecond,
): { writeS: number; restoreS: number } {
  const hostLink = system.spec.server.hostLinkBandwidth;
  if (ssd.attach === 'host') {
    const serverGpus = system.spec.server.gpus;
    const perServer = (rate: number) => Math.min(ssd.drives * rate, serverGpus * hostLink);
    const writeS = stateBytes / (system.servers * perServer(ssd.writeBandwidth));
    const lostBytes = restoreBytes / system.servers;
    const lostS = lostBytes / Math.min(storagePath, hostsStorageBandwidth(system) / system.servers);
    const localS = system.servers > 1 ? lostBytes / perServer(ssd.readBandwidth) : 0;
    return { writeS, restoreS: Math.max(lostS, localS) };
  }
  const domainGpus = system.spec.scaleUp.domainSize;
  const perDomain = (rate: number) => Math.min(ssd.drives * rate, domainGpus * system.scaleUp.provisionedPerGpu);
  return { writeS: stateBytes / (system.domains * perDomain(ssd.writeBandwidth)), restoreS: restoreBytes / (system.domains * perDomain(ssd.readBandwidth)) };
}

/**
 * The hosts' way to storage: their DCN NICs; the scale-out NICs where the DCN is converged with it or where the
 * system has no DCN (assumption: checkpoints then ride the back-end network); the GPUs' host links on a single domain
 * with neither.
 */
export function hostsStorageBandwidth(system: System): BytesPerSecond {
  const s = system.spec;
  const scaleOutPerGpu = s.scaleOut ? s.scaleOut.nic.rate * s.scaleOut.nicsPerGpu : 0;
  if (s.dcn && !s.dcn.converged) return (system.servers * s.dcn.nicsPerServer * s.dcn.nic.rate) as BytesPerSecond;
  if (scaleOutPerGpu > 0) return (system.gpus * scaleOutPerGpu) as BytesPerSecond;
  return (system.gpus * s.server.hostLinkBandwidth) as BytesPerSecond;
}
