/**
 * `supernode workload`: another simulator's workload run on a supernode system, collectives priced on its fabric:
 * a SimAI/AICB file (compute as written, or scaled from the GPU it was measured on), or Chakra traces (a folder of one
 * per rank, .et or jsonizer JSON, with ASTRA-sim's comm_group.json where present; or one rank's file).
 */

import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  type AicbReport,
  type ChakraReport,
  type ChakraTrace,
  decodeChakraEt,
  FIDELITIES,
  type Fidelity,
  gpus,
  parseAicbWorkload,
  parseChakraJson,
  runAicbWorkload,
  runChakraTraces,
} from '@supernode/core';
import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { loadSystem } from '../load-system.js';
import { oneOf } from '../options.js';
import { readFileBytes, readTextFile } from '../read-text.js';
import { heading, num, table } from '../report/table.js';

/** AICB writes some 100 bytes a layer line and a few thousand lines for a large model; a rank's Chakra trace some MB. */
const MAX_WORKLOAD_BYTES = 64 * 2 ** 20;
/** Ranks of a Chakra folder read at once: the system's bound. */
const MAX_RANK_FILES = 262_144;

export interface WorkloadCommandOptions {
  readonly system: string;
  readonly gpus?: number;
  readonly measuredOn?: string;
  readonly fidelity?: string;
  readonly json?: boolean;
}

export function runWorkload(path: string, opts: WorkloadCommandOptions): string {
  const fidelity = oneOf('--fidelity', opts.fidelity ?? 'analytical', FIDELITIES) as Fidelity;
  const chakra = isFolder(path) || /\.(et|json)$/i.test(path);
  if (chakra) return runChakra(path, opts, fidelity);
  const measuredOn = opts.measuredOn === undefined ? undefined : gpus.get(opts.measuredOn);
  const workload = parseAicbWorkload(readTextFile(path, 'workload', MAX_WORKLOAD_BYTES), path);
  const system = loadSystem(opts.system, opts.gpus ?? workload.gpus, [], [], true);
  // Compute measured on another GPU takes the ratio of the two GPUs' dense BF16 peaks: the file's times are mostly GEMMs.
  const computeScale = measuredOn ? measuredOn.peak.bf16 / system.spec.gpu.peak.bf16 : 1;
  const report = runAicbWorkload(system, workload, { fidelity, computeScale });
  return opts.json ? JSON.stringify(report, null, 2) : renderAicb(report, measuredOn?.name);
}

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** A folder's rank files (`<anything><rank>.et` or `.json`, ranks 0 to n - 1) and its comm groups, or one file as rank 0. */
function runChakra(path: string, opts: WorkloadCommandOptions, fidelity: Fidelity): string {
  if (opts.measuredOn !== undefined) throw new UsageError('option --measured-on: Chakra traces carry their own durations; it scales AICB files only');
  const folder = isFolder(path);
  const files = folder ? rankFiles(path) : [path];
  const traces: ChakraTrace[] = files.map((file) =>
    file.toLowerCase().endsWith('.json')
      ? parseChakraJson(readTextFile(file, 'Chakra trace', MAX_WORKLOAD_BYTES), file)
      : decodeChakraEt(readFileBytes(file, 'Chakra trace', MAX_WORKLOAD_BYTES), file),
  );
  const groupsFile = folder ? join(path, 'comm_group.json') : undefined;
  const groups = groupsFile && isFile(groupsFile) ? commGroups(groupsFile) : undefined;
  const system = loadSystem(opts.system, opts.gpus ?? traces.length, [], [], true);
  const report = runChakraTraces(system, traces, { fidelity, ...(groups ? { groups } : {}) });
  return opts.json ? JSON.stringify(report, null, 2) : renderChakra(path, report);
}

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

function rankFiles(folder: string): string[] {
  const byRank = new Map<number, string>();
  for (const name of readdirSync(folder)) {
    if (!/\.(et|json)$/i.test(name) || name === 'comm_group.json') continue;
    const rank = /(\d+)\.(et|json)$/i.exec(name);
    if (!rank)
      throw new UsageError(`Chakra folder '${folder}': '${name}' names no rank (expected a number before .et or .json, as ASTRA-sim's <prefix>.<rank>.et)`);
    const r = Number(rank[1]);
    if (byRank.has(r)) throw new UsageError(`Chakra folder '${folder}': rank ${r} has two files, '${byRank.get(r)}' and '${name}'`);
    byRank.set(r, join(folder, name));
  }
  const n = byRank.size;
  if (n === 0) throw new UsageError(`Chakra folder '${folder}' holds no .et or .json traces`);
  if (n > MAX_RANK_FILES) throw new UsageError(`Chakra folder '${folder}' holds ${n} traces; at most ${MAX_RANK_FILES} ranks`);
  for (let r = 0; r < n; r++)
    if (!byRank.has(r)) throw new UsageError(`Chakra folder '${folder}': ${n} traces but none for rank ${r}; expected ranks 0 to ${n - 1}`);
  return Array.from({ length: n }, (_, r) => byRank.get(r) as string);
}

/** ASTRA-sim's comm group file: {"<pg_name>": [ranks], ...}. */
function commGroups(file: string): Record<string, number[]> {
  let data: unknown;
  try {
    data = JSON.parse(readTextFile(file, 'comm group', MAX_WORKLOAD_BYTES));
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`comm group file '${file}' is not JSON: ${error.message}`);
    throw error;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`comm group file '${file}': expected {"<pg_name>": [ranks], ...}`);
  const out: Record<string, number[]> = {};
  for (const [name, ranks] of Object.entries(data)) {
    if (!Array.isArray(ranks) || !ranks.every((r) => Number.isInteger(r) && r >= 0))
      throw new UsageError(`comm group file '${file}': group '${name}' is not a list of ranks`);
    out[name] = ranks as number[];
  }
  return out;
}

function renderAicb(r: AicbReport, measuredOn: string | undefined): string {
  const p = r.plan;
  const share = (s: number) => `${num((100 * s) / r.stepTimeS, 3)}%`;
  const rows: [string, number][] = [
    ['compute', r.computeS],
    ['exposed TP collectives', r.exposedCommS.tp],
    ['exposed EP collectives', r.exposedCommS.ep],
    ['exposed DP collectives', r.exposedCommS.dp],
    ['exposed DP-EP collectives', r.exposedCommS['dp-ep']],
    ['pipeline bubble', r.bubbleS],
  ];
  return [
    heading(
      `${r.file} on ${r.system}: TP ${p.tp} EP ${p.ep} PP ${p.pp} DP ${p.dp} VPP ${p.vpp}, ${p.ga} micro-batches, ${p.gpus} GPUs, ${r.layers} layer lines, ${r.fidelity} fidelity`,
    ),
    `step ${num(r.stepTimeS, 4)} s (iteration ${num(r.iterationTimeS, 4)} s + bubble ${num(r.bubbleS, 4)} s); compute ${
      measuredOn ? `scaled by ${num(r.computeScale, 4)} from ${measuredOn}` : 'as the file gives it'
    }`,
    table(
      ['part', 'seconds', 'share of the step'],
      rows.filter(([, s]) => s > 0).map(([name, s]) => [name, num(s, 4), share(s)]),
    ),
  ].join('\n');
}

function renderChakra(path: string, r: ChakraReport): string {
  return [
    heading(`${basename(path)} (Chakra) on ${r.system}: ${r.ranks} ranks, ${r.nodes} nodes, ${r.fidelity} fidelity`),
    `step ${num(r.stepTimeS, 4)} s: rank 0 computes ${num(r.computeS, 4)} s and waits ${num(r.exposedCommS, 4)} s for communication (${num(r.commS, 4)} s of it in all)`,
    table(
      ['critical path', 'seconds', 'share of the step'],
      [
        ['compute', r.criticalPath.computeS],
        ['collectives', r.criticalPath.collectiveS],
        ['sends and receives', r.criticalPath.pointToPointS],
      ]
        .filter(([, v]) => (v as number) > 0)
        .map(([k, v]) => [k as string, num(v as number, 4), `${num((100 * (v as number)) / r.stepTimeS, 3)}%`]),
    ),
    `${r.criticalPath.nodes} nodes on the critical path`,
  ].join('\n');
}

/** `--workload <path>` on train and collective: the run `supernode workload` makes of the file, on the flags' system. */
export const workloadOption = () =>
  new Option(
    '--workload <path>',
    "replay another simulator's workload on the system instead (an AICB file, a Chakra trace or a folder of them): as `supernode workload`",
  );

export function workloadInstead(flags: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof flags.workload !== 'string') return undefined;
  if (typeof flags.system !== 'string') throw new UsageError('option --workload: give --system, the system to replay it on');
  return runWorkload(flags.workload, {
    system: flags.system,
    ...(typeof flags.gpus === 'number' ? { gpus: flags.gpus } : {}),
    ...(typeof flags.fidelity === 'string' ? { fidelity: flags.fidelity } : {}),
    ...(flags.json ? { json: true } : {}),
  });
}
