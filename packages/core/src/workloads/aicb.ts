/**
 * SimAI/AICB workload files: the header's parallel plan and, per layer, the forward, input-gradient and
 * weight-gradient compute times with the collective each issues; read with a clear error by line, and written from
 * a supernode training plan (aicb-export.ts). The text format is SimAI's (aliyun/SimAI astra-sim-alibabacloud/
 * astra-sim/workload/Workload.cc, initialize_workload): times in ns, sizes in bytes.
 */

import { FileLineError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import type { CollectiveOp } from '../collectives/types.js';

/** A workload file that cannot be read: the file and line say where. */
export class WorkloadError extends FileLineError {
  override readonly name = 'WorkloadError';
}

/** Which ranks a collective runs among, as SimAI's group types name them. */
export type AicbGroup = 'tp' | 'ep' | 'dp' | 'dp-ep';

export interface AicbComm {
  readonly op: CollectiveOp;
  readonly group: AicbGroup;
  readonly bytes: number;
}

/** One phase of a layer: its compute, then the collective it issues (none where the file says NONE). */
export interface AicbPhase {
  readonly computeS: number;
  readonly comm: AicbComm | undefined;
}

export interface AicbLayer {
  readonly line: number;
  readonly name: string;
  readonly forward: AicbPhase;
  readonly inputGrad: AicbPhase;
  readonly weightGrad: AicbPhase;
}

export interface AicbWorkload {
  readonly file: string;
  /** The header's parallelism policy: HYBRID_TRANSFORMER_FWD_IN_BCKWD (or HYBRID_TRANSFORMER). */
  readonly policy: string;
  readonly tp: number;
  readonly ep: number;
  readonly pp: number;
  readonly vpp: number;
  /** Gradient-accumulation steps (micro-batches an iteration). */
  readonly ga: number;
  readonly gpus: number;
  /** Bytes one pipeline send carries (0 without pipelining). */
  readonly ppCommBytes: number;
  readonly layers: readonly AicbLayer[];
}

const POLICIES = ['HYBRID_TRANSFORMER_FWD_IN_BCKWD', 'HYBRID_TRANSFORMER'] as const;

/** SimAI's collective words, and their ops (ALLREDUCEALLTOALL, DLRM's, is not read). */
const OPS: Readonly<Record<string, CollectiveOp>> = {
  ALLREDUCE: 'allreduce',
  ALLGATHER: 'allgather',
  REDUCESCATTER: 'reducescatter',
  ALLTOALL: 'alltoall',
};

/** A layer line: name, dependency, then compute time, collective and size for each of forward, input and weight gradient, then the update time. */
const FIELDS_PER_LAYER = 12;

/** A workload's layer lines are bounded so a file that is not one cannot exhaust memory: AICB writes some 2,000 for a large MoE. */
export const MAX_AICB_LAYERS = 1_000_000;

/**
 * Parses a SimAI/AICB workload (`file` names it in errors). Example header: `HYBRID_TRANSFORMER_FWD_IN_BCKWD
 * model_parallel_NPU_group: 8 ep: 1 pp: 1 vpp: 8 ga: 1 all_gpus: 8 checkpoints: 0 checkpoint_initiates: 0`, then the
 * layer count, then one line a layer: `attention_row -1 1750840 REDUCESCATTER 50331648 875420 ALLGATHER 50331648 875420
 * NONE 0 100`.
 */
export function parseAicbWorkload(text: string, file: string): AicbWorkload {
  const lines = text.split(/\r?\n/);
  const first = (lines[0] ?? '').trim().split(/\s+/);
  const policy = first[0] ?? '';
  if (!(POLICIES as readonly string[]).includes(policy)) {
    throw new WorkloadError(
      file,
      1,
      `expected a SimAI/AICB workload header (${POLICIES.join(' or ')} model_parallel_NPU_group: ...), found ${excerpt(lines[0] ?? '')}`,
    );
  }
  const key = (name: string, fallback?: number): number => {
    const i = first.findIndex((t) => t === `${name}:` || t === name);
    const raw = i >= 0 ? first[i + 1] : undefined;
    if (raw === undefined) {
      if (fallback !== undefined) return fallback;
      throw new WorkloadError(file, 1, `the header gives no ${name}: (AICB writes model_parallel_NPU_group, ep, pp, vpp, ga and all_gpus)`);
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (name === 'pp_comm' ? 0 : 1)) throw new WorkloadError(file, 1, `${name}: ${excerpt(raw)} is not a positive whole number`);
    return n;
  };
  const tp = key('model_parallel_NPU_group');
  const header = { tp, ep: key('ep', 1), pp: key('pp', 1), vpp: key('vpp', 1), ga: key('ga', 1), gpus: key('all_gpus'), ppCommBytes: key('pp_comm', 0) };
  if (header.gpus % (tp * header.pp) !== 0) {
    throw new WorkloadError(file, 1, `all_gpus ${header.gpus} is not a multiple of model_parallel_NPU_group ${tp} x pp ${header.pp}`);
  }
  const dp = header.gpus / (tp * header.pp);
  if (header.ep > 1 && dp % header.ep !== 0) throw new WorkloadError(file, 1, `ep ${header.ep} does not divide the ${dp} data-parallel ranks`);
  const countText = (lines[1] ?? '').trim();
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || count < 1 || count > MAX_AICB_LAYERS) {
    throw new WorkloadError(file, 2, `expected the number of layer lines (1 to ${MAX_AICB_LAYERS.toLocaleString('en-US')}), found ${excerpt(countText)}`);
  }
  const layers: AicbLayer[] = [];
  for (let i = 2; i < lines.length && layers.length < count; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    layers.push(layerOf(line, i + 1, file));
  }
  if (layers.length < count) {
    throw new WorkloadError(file, lines.length, `the header promises ${count} layer lines and the file holds ${layers.length}: truncated?`);
  }
  return { file, policy, ...header, layers };
}

function layerOf(line: string, n: number, file: string): AicbLayer {
  const f = line.split(/\s+/);
  if (f.length !== FIELDS_PER_LAYER) {
    throw new WorkloadError(
      file,
      n,
      `${f.length} fields; a layer line has ${FIELDS_PER_LAYER}: name, dependency, then compute (ns), collective and bytes for the forward, the input gradient and the weight gradient, then the update time`,
    );
  }
  const phase = (at: number, kind: 'activations' | 'gradients'): AicbPhase => {
    const computeNs = Number(f[at]);
    if (!Number.isFinite(computeNs) || computeNs < 0) throw new WorkloadError(file, n, `compute time ${excerpt(f[at] ?? '')} is not a number of ns`);
    return { computeS: computeNs * 1e-9, comm: commOf(f[at + 1] as string, f[at + 2] as string, kind, n, file) };
  };
  return { line: n, name: f[0] as string, forward: phase(2, 'activations'), inputGrad: phase(5, 'activations'), weightGrad: phase(8, 'gradients') };
}

/**
 * A collective word and size: `ALLGATHER` (tensor-parallel for activations, data-parallel for gradients, as SimAI reads
 * them), `_EP` (expert-parallel), `_DP_EP` (the data-parallel ranks of one expert); NONE or 0 bytes is no collective.
 */
function commOf(word: string, size: string, kind: 'activations' | 'gradients', n: number, file: string): AicbComm | undefined {
  const bytes = Number(size);
  if (!Number.isFinite(bytes) || bytes < 0) throw new WorkloadError(file, n, `collective size ${excerpt(size)} is not a number of bytes`);
  if (word === 'NONE' || bytes === 0) return undefined;
  const match = /^(ALLREDUCE|ALLGATHER|REDUCESCATTER|ALLTOALL)(_EP|_DP_EP)?$/.exec(word);
  if (!match) {
    throw new WorkloadError(
      file,
      n,
      `${excerpt(word)} is not a collective this reads: ALLREDUCE, ALLGATHER, REDUCESCATTER or ALLTOALL, with _EP or _DP_EP, or NONE`,
    );
  }
  const group: AicbGroup = match[2] === '_EP' ? 'ep' : match[2] === '_DP_EP' ? 'dp-ep' : kind === 'activations' ? 'tp' : 'dp';
  return { op: OPS[match[1] as string] as CollectiveOp, group, bytes };
}
