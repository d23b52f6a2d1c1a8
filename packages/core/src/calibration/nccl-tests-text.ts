/** Writes a size sweep as nccl-tests prints it (header, rank lines, out-of-place and in-place columns, closing average), so a model's sweep reads like a measured one. */

import { busBandwidthFactor, type CollectiveOp } from '../collectives/types.js';
import { toolOf } from './nccl-tests.js';

export interface SweepToWrite {
  readonly op: CollectiveOp;
  readonly ranks: number;
  /** GPUs per host: rank r runs on host floor(r / gpusPerHost). */
  readonly gpusPerHost: number;
  readonly device: string;
  readonly sizes: readonly { readonly bytes: number; readonly seconds: number }[];
}

/**
 * nccl-tests' text for `sweep` (float elements, sum where the op reduces, the same time in and out of place).
 * Example: an 8-rank all-reduce of 1 GiB in 2.5 ms prints algbw 429.50 and busbw 751.62 GB/s.
 */
export function formatNcclTests(sweep: SweepToWrite): string {
  const { op, ranks } = sweep;
  const reduces = op === 'allreduce' || op === 'reducescatter' || op === 'reduce';
  const root = op === 'broadcast' || op === 'reduce' ? '0' : '-1';
  const factor = busBandwidthFactor(op, ranks);
  const lines = [
    `# Collective test starting: ${toolOf(op)}`,
    `# nThread 1 nGpus 1 minBytes ${sweep.sizes[0]?.bytes ?? 0} maxBytes ${sweep.sizes[sweep.sizes.length - 1]?.bytes ?? 0} step: 2(factor) warmup iters: 5 iters: 20 agg iters: 1 validation: 1 graph: 0`,
    '#',
    '# Using devices',
    ...Array.from(
      { length: ranks },
      (_, r) =>
        `#  Rank ${String(r).padStart(2)} Group  0 Pid ${String(1000 + r).padStart(6)} on ${`host${Math.floor(r / sweep.gpusPerHost)}`.padStart(10)} device ${String(r % sweep.gpusPerHost).padStart(2)} [0x00] ${sweep.device}`,
    ),
    '#',
    '#                                                              out-of-place                       in-place          ',
    '#       size         count      type   redop    root     time   algbw   busbw #wrong     time   algbw   busbw #wrong',
    '#        (B)    (elements)                               (us)  (GB/s)  (GB/s)            (us)  (GB/s)  (GB/s)       ',
  ];
  let busbwSum = 0;
  for (const { bytes, seconds } of sweep.sizes) {
    const us = seconds * 1e6;
    const algbw = bytes / seconds / 1e9;
    const busbw = algbw * factor;
    busbwSum += busbw;
    const cells = [us.toFixed(2), algbw.toFixed(2), busbw.toFixed(2), '0'];
    lines.push(
      `${String(bytes).padStart(12)}  ${String(Math.floor(bytes / 4)).padStart(12)}     float  ${(reduces ? 'sum' : 'none').padStart(6)}  ${root.padStart(6)}  ${cells.map((c) => c.padStart(7)).join(' ')}  ${cells.map((c) => c.padStart(7)).join(' ')}`,
    );
  }
  lines.push('# Out of bounds values : 0 OK', `# Avg bus bandwidth    : ${(busbwSum / Math.max(1, sweep.sizes.length)).toFixed(4)} `, '#', '');
  return lines.join('\n');
}
