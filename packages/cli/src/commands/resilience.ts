/** How `supernode resilience` prints: failures by component with their blast radius, checkpoints, goodput expected and Monte-Carlo, time to train. */

import type { ResilienceReport } from '@supernode/core';
import { type CommandView, jsonOption } from '../command-view.js';
import { heading, num, table } from '../report/table.js';

export const resilienceView: CommandView<ResilienceReport> = {
  options: [jsonOption()],
  render: (report, flags) => (flags.json ? JSON.stringify(report, null, 2) : render(report)),
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function render(r: ResilienceReport): string {
  const c = r.checkpoint;
  const mc = r.monteCarlo;
  const out = [heading(`${r.model} on ${r.system}: ${r.gpus} GPUs, ${r.spareGpus} spares, ${r.gpusPerOs} GPUs per OS image`)];
  out.push(
    table(
      ['component', 'failures/day', 'interrupts', 'blast radius (GPUs)', 'detect', 'repair'],
      r.components.map((f) => [
        f.key,
        f.failuresPerDay.toPrecision(3),
        f.interrupts ? 'yes' : 'no',
        `${f.blastRadiusGpus} (${f.scope})`,
        `${num(f.detectS)} s`,
        `${num(f.repairS / 3600)} h`,
      ]),
    ),
  );
  const rows: string[][] = [
    ['interruptions', `${num(r.interruptionsPerDay)} a day, one every ${num(r.mtbfHours)} h`],
    [
      'checkpoint',
      c.tier === 'ssd'
        ? `${num(c.stateGB)} GB of state to the local drives: write ${num(c.writeS)} s (drained to storage at ${num(c.bandwidthGBps)} GB/s in ${num(c.drainS)} s behind the run` +
          (c.drain
            ? `, on ${pct(c.drain.nicShare)} of the collectives' NICs for ${pct(c.drain.runShare)} of the run: a step ${num(r.iterationTimeS)} -> ${num(c.drain.iterationTimeS)} s meanwhile`
            : '') +
          `), restore ${num(c.restoreGB)} GB in ${num(c.restoreS)} s`
        : `${num(c.stateGB)} GB of state at ${num(c.bandwidthGBps)} GB/s: write ${num(c.writeS)} s, restore ${num(c.restoreGB)} GB in ${num(c.restoreS)} s`,
    ],
    ['checkpoint interval', `${num(c.intervalS)} s of compute (${c.interval === 'young' ? "Young's optimum" : 'given'})`],
    [
      'recovery',
      `${num(r.expected.recoveryS)} s a failure on average (restart ${num(r.restartS)} s); ${pct(r.expected.waitProbability)} of failures wait for a repair`,
    ],
    ['goodput (expected)', `${pct(r.goodput)} (checkpoints ${pct(r.expected.checkpointShare)})`],
    [
      `goodput (Monte-Carlo, ${mc.runs} runs, seed ${mc.seed})`,
      `p5 ${pct(mc.goodput.p5)}, p50 ${pct(mc.goodput.p50)}, p95 ${pct(mc.goodput.p95)}; ${num(mc.interruptions.p50)} interruptions (p50)`,
    ],
  ];
  if (r.daysToTrain !== null && r.tokens !== null) {
    rows.push([
      `days to train ${r.tokens.toPrecision(3)} tokens`,
      `${num(r.daysToTrain)} expected (p5 ${num(mc.wallDays.p5)}, p95 ${num(mc.wallDays.p95)}); ${num(r.daysToTrainFailureFree ?? 0)} without failures`,
    ]);
  }
  out.push(table(['', ''], rows));
  return out.join('\n');
}
