/**
 * Reads nccl-tests output (all_reduce_perf, all_gather_perf, reduce_scatter_perf, alltoall_perf, broadcast_perf,
 * reduce_perf, sendrecv_perf): the collective, the ranks and hosts from the header, and per size the out-of-place and
 * in-place times. A log that is not one run of one of those tools is refused with the line that shows it.
 */

import { FileLineError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { busBandwidthFactor, type CollectiveOp } from '../collectives/types.js';

/** A log that cannot be read as one nccl-tests run: the file and line say where. */
export class LogError extends FileLineError {
  override readonly name = 'LogError';
}

/** One size of the sweep as the log prints it. */
export interface NcclTestsRow {
  /** Line of the log it is on, from 1. */
  readonly line: number;
  readonly bytes: number;
  /** Seconds, out of place and in place (undefined where the log prints N/A). */
  readonly outOfPlaceS: number;
  readonly inPlaceS: number | undefined;
  /** The log's bus bandwidth out of place, GB/s. */
  readonly busbwGBps: number;
}

export interface NcclTestsRun {
  readonly file: string;
  readonly op: CollectiveOp;
  /** The tool as nccl-tests names it (all_reduce_perf, ...). */
  readonly tool: string;
  readonly ranks: number;
  /** Hosts the ranks ran on (1: a single node), from the header's rank lines. */
  readonly hosts: number;
  /** The GPU the header's rank lines name, as the driver reports it. */
  readonly device: string | undefined;
  readonly rows: readonly NcclTestsRow[];
}

/** nccl-tests binaries and the collective each runs. */
export const NCCL_TESTS_TOOLS: Readonly<Record<string, CollectiveOp>> = {
  all_reduce_perf: 'allreduce',
  all_gather_perf: 'allgather',
  reduce_scatter_perf: 'reducescatter',
  alltoall_perf: 'alltoall',
  broadcast_perf: 'broadcast',
  reduce_perf: 'reduce',
  sendrecv_perf: 'sendrecv',
};

/** The collective's tool name, for messages: allreduce -> all_reduce_perf. */
export const toolOf = (op: CollectiveOp): string => Object.entries(NCCL_TESTS_TOOLS).find(([, o]) => o === op)?.[0] ?? op;

const HEADER = /^#\s*nThread\s+(\d+)\s+nGpus\s+(\d+)/;
const RANK = /^#\s*Rank\s+(\d+)\s+Group\s+\d+\s+Pid\s+\d+\s+on\s+(\S+)\s+device\s+\d+\s+\[[^\]]*\]\s*(.*)$/;
const TOOL = /\b(all_reduce_perf|all_gather_perf|reduce_scatter_perf|alltoall_perf|broadcast_perf|reduce_perf|sendrecv_perf)\b/;
const AVERAGE = /^#\s*Avg bus bandwidth\s*:/;
/** Relative slack between the log's busbw / algbw and the op's factor (both are printed to two decimals). */
const FACTOR_SLACK = 0.02;

/**
 * Parses one nccl-tests run from `text` (`file` names it in errors). The collective comes from the log's
 * "Collective test starting" line or command line, else the file name, else `op`; the ranks from its "Rank" lines,
 * else `ranks`. Sizes must grow and the log must end with nccl-tests' "Avg bus bandwidth" line.
 * Example: an 8-GPU all_reduce_perf -b 1K -e 8G -f 2 gives 24 rows of 1 KiB to 8 GiB on 8 ranks, 1 host.
 */
export function parseNcclTests(text: string, file: string, hints: { readonly op?: CollectiveOp; readonly ranks?: number } = {}): NcclTestsRun {
  const lines = text.split(/\r?\n/);
  let header: number | undefined;
  let columns: string[] | undefined;
  let tool: string | undefined;
  let ended: number | undefined;
  const ranks = new Map<number, { host: string; device: string }>();
  const rows: NcclTestsRow[] = [];
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '') return;
    if (ended !== undefined) {
      // nccl-tests closes with comment lines; anything else is a second run.
      if (line.startsWith('#') && !HEADER.test(line) && !TOOL.test(line)) return;
      throw new LogError(file, n, `a second run after the first ended at line ${ended}: give one run a file`);
    }
    const named = TOOL.exec(line);
    if (named && (line.startsWith('#') || rows.length === 0)) {
      if (tool !== undefined && tool !== named[1]) throw new LogError(file, n, `a ${named[1]} run in a ${tool} log: give one run a file`);
      tool = named[1];
    }
    if (HEADER.test(line)) {
      if (header !== undefined) throw new LogError(file, n, `a second nccl-tests header (the first is at line ${header}): give one run a file`);
      header = n;
      return;
    }
    const rank = RANK.exec(line);
    if (rank) {
      ranks.set(Number(rank[1]), { host: rank[2] as string, device: (rank[3] as string).trim() });
      return;
    }
    if (AVERAGE.test(line)) {
      ended = n;
      return;
    }
    if (line.startsWith('#')) {
      const words = line.slice(1).trim().split(/\s+/);
      if (words[0] === 'size' && words.includes('time')) columns = words;
      return;
    }
    if (header === undefined) {
      throw new LogError(file, n, `expected nccl-tests output ('# nThread ... nGpus ...' first), found ${excerpt(line)}: not an nccl-tests log?`);
    }
    if (!columns) throw new LogError(file, n, `a data line before the column header ('#  size  count  type ...'): ${excerpt(line)}`);
    rows.push(dataRow(line, n, columns, file));
  });
  if (header === undefined) throw new LogError(file, 1, "no nccl-tests header ('# nThread ... nGpus ...'): not an nccl-tests log");
  if (rows.length === 0) throw new LogError(file, lines.length, 'no measurements: the log holds no size lines');
  if (ended === undefined) {
    const last = rows[rows.length - 1] as NcclTestsRow;
    throw new LogError(file, last.line, "the log stops after this line without nccl-tests' closing '# Avg bus bandwidth' line: truncated?");
  }
  rows.forEach((r, i) => {
    const before = rows[i - 1];
    if (before && r.bytes <= before.bytes)
      throw new LogError(file, r.line, `size ${r.bytes} B after ${before.bytes} B: sizes must grow (two runs in one file?)`);
  });
  const op = opOf(tool ?? TOOL.exec(file)?.[1], hints.op, file);
  const count = ranks.size > 0 ? ranks.size : hints.ranks;
  if (count === undefined) throw new LogError(file, header, "the log lists no '#  Rank' lines: give the rank count (--ranks)");
  checkFactor(rows, op, count, file);
  const hosts = new Set([...ranks.values()].map((r) => r.host)).size || 1;
  const device = [...ranks.values()][0]?.device;
  return { file, op, tool: toolOf(op), ranks: count, hosts, device: device === '' ? undefined : device, rows };
}

/** One size line: its bytes and times by the header's columns (the first time is out of place, the second in place). */
function dataRow(line: string, n: number, columns: readonly string[], file: string): NcclTestsRow {
  const values = line.split(/\s+/);
  if (values.length !== columns.length) {
    throw new LogError(file, n, `${values.length} fields where the column header has ${columns.length} (${columns.join(' ')}): a cut or garbled line`);
  }
  const at = (name: string, nth = 0): string | undefined => {
    let seen = 0;
    for (let i = 0; i < columns.length; i++) if (columns[i] === name && seen++ === nth) return values[i];
    return undefined;
  };
  const number = (name: string, nth = 0): number => {
    const v = Number(at(name, nth));
    if (!Number.isFinite(v) || v < 0) throw new LogError(file, n, `${name} ${excerpt(at(name, nth) ?? '')} is not a number: a garbled line`);
    return v;
  };
  const bytes = number('size');
  const time = number('time');
  if (!(bytes > 0) || !(time > 0)) throw new LogError(file, n, `size ${bytes} B in ${time} us: expected both above 0`);
  const inPlace = Number(at('time', 1));
  return {
    line: n,
    bytes,
    outOfPlaceS: time * 1e-6,
    inPlaceS: Number.isFinite(inPlace) && inPlace > 0 ? inPlace * 1e-6 : undefined,
    busbwGBps: number('busbw'),
  };
}

function opOf(tool: string | undefined, hint: CollectiveOp | undefined, file: string): CollectiveOp {
  const fromLog = tool === undefined ? undefined : NCCL_TESTS_TOOLS[tool];
  if (fromLog && hint && fromLog !== hint) throw new LogError(file, 1, `the log is ${tool}, not ${toolOf(hint)} as --op says`);
  const op = fromLog ?? hint;
  if (!op) {
    throw new LogError(file, 1, `which collective? Neither the log nor its name says (${Object.keys(NCCL_TESTS_TOOLS).join(', ')}): give --op`);
  }
  return op;
}

/** The log's busbw / algbw is the op's bus factor for its rank count, or the log is not what its header says. */
function checkFactor(rows: readonly NcclTestsRow[], op: CollectiveOp, ranks: number, file: string): void {
  const factor = busBandwidthFactor(op, ranks);
  for (const r of rows) {
    const algbw = r.bytes / r.outOfPlaceS / 1e9;
    // Below 0.1 GB/s the printed two decimals hold no ratio.
    if (r.busbwGBps < 0.1 || algbw < 0.1) continue;
    const ratio = r.busbwGBps / algbw;
    if (Math.abs(ratio / factor - 1) > FACTOR_SLACK + 0.01 / r.busbwGBps) {
      throw new LogError(
        file,
        r.line,
        `busbw / algbw = ${ratio.toFixed(3)}, where ${toolOf(op)} on ${ranks} ranks gives ${factor.toFixed(3)}: another collective or rank count than the header says`,
      );
    }
  }
}
