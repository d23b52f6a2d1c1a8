/** The systems the calibration script prices communication on, one per table GPU: its links for DeepEP and NCCL's all-reduce model inside one node. */

import { CollectiveSession, runCollective } from '../../packages/core/src/comm/run.js';
import { systemPresets } from '../../packages/core/src/presets/registry.js';
import type { EpLinks } from '../../packages/core/src/serving/deepep.js';
import { systemSchema } from '../../packages/core/src/system/schema.js';
import { buildSystem, type System } from '../../packages/core/src/system/system.js';
import { TABLE_GPUS } from './tables.js';

/** The preset whose node each table GPU was measured in (B300 has no preset: HGX B200's NVLink 5 fabric with B300 GPUs is not built). */
const PRESETS: Readonly<Record<string, { preset: string; gpus: number }>> = {
  h100_sxm: { preset: 'hgx-h100', gpus: 8 },
  h200_sxm: { preset: 'hgx-h200', gpus: 8 },
  b200_sxm: { preset: 'hgx-b200', gpus: 8 },
  gb200: { preset: 'gb200-nvl72', gpus: 72 },
};

/** GPUs in the node a table's "one node" rows ran on: 8 in HGX boxes, 4 in a GB200 or GB300 compute tray. */
export const TABLE_NODE_GPUS: Readonly<Record<string, number>> = { h100_sxm: 8, h200_sxm: 8, b200_sxm: 8, gb200: 4, b300_sxm: 8 };

const systems = new Map<string, { system: System; session: CollectiveSession }>();

/** A preset's system of `gpus` GPUs and its collective session, built once; `latencyScale` sets its collectives.latencyScale. */
export function presetSystem(preset: string, gpus: number, latencyScale = 1): { system: System; session: CollectiveSession } {
  const key = `${preset}|${gpus}|${latencyScale}`;
  let hit = systems.get(key);
  if (!hit) {
    const input = systemPresets.get(preset).input as Record<string, unknown>;
    const system = buildSystem(systemSchema.parse(latencyScale === 1 ? input : { ...input, collectives: { latencyScale } }), { gpus });
    hit = { system, session: new CollectiveSession(system) };
    systems.set(key, hit);
  }
  return hit;
}

/** NVLink and NIC bytes per second per direction of a table GPU (link rate after protocol efficiency); B300 as B200's fabric. */
export function tableLinks(folder: string): EpLinks {
  const { system } = presetSystem(PRESETS[folder === 'b300_sxm' ? 'b200_sxm' : folder]?.preset ?? 'hgx-h100', folder === 'gb200' ? 72 : 8);
  const out = system.spec.scaleOut;
  return {
    scaleUpBytesPerS: system.scaleUp.provisionedPerGpu * system.spec.scaleUp.protocolEfficiency,
    scaleOutBytesPerS: out && system.scaleOut ? system.scaleOut.bandwidthPerGpu * out.protocolEfficiency : 0,
    gpuId: TABLE_GPUS[folder] ?? 'h100-sxm',
    memorySemantics: system.spec.scaleUp.memorySemantics,
  };
}

/** NCCL's all-to-all of `perRankBytes` (each rank's whole send buffer) over the first `gpus` GPUs of the table GPU's preset, closed form, no launch. */
export function ncclAllToAllPerRankS(folder: string, gpus: number, perRankBytes: number): number | undefined {
  const at = PRESETS[folder];
  if (!at) return undefined;
  const { session } = presetSystem(at.preset, at.gpus);
  const group = Array.from({ length: gpus }, (_, i) => i);
  const bytes = Math.max(1024, perRankBytes);
  return runCollective(session, { op: 'alltoall', group, bytes, algorithm: 'auto', fidelity: 'analytical', launch: false, computeBeforeS: 0 }).timeUs * 1e-6;
}

/** NCCL's all-reduce of `bytes` over the first `gpus` GPUs of the table GPU's preset, closed form, no launch (CUDA graphs), as serving prices TP all-reduces. */
export function ncclAllReduceS(folder: string, gpus: number, bytes: number): number | undefined {
  return ncclS(folder, 'allreduce', gpus, bytes);
}

/**
 * NCCL's `op` of `bytes` (nccl-tests sizes) over the first `gpus` GPUs of the table GPU's preset, closed form, no launch,
 * algorithm as NCCL would pick; `latencyScale` sets the system's collectives.latencyScale (to fit a latency on top of the model's).
 */
export function ncclS(
  folder: string,
  op: 'allreduce' | 'allgather' | 'reducescatter' | 'alltoall',
  gpus: number,
  bytes: number,
  latencyScale = 1,
): number | undefined {
  const at = PRESETS[folder];
  if (!at) return undefined;
  const { system, session } = presetSystem(at.preset, at.gpus, latencyScale);
  if (gpus > system.spec.scaleUp.domainSize) return undefined;
  const group = Array.from({ length: gpus }, (_, i) => i);
  return runCollective(session, { op, group, bytes, algorithm: 'auto', fidelity: 'analytical', launch: false, computeBeforeS: 0 }).timeUs * 1e-6;
}
