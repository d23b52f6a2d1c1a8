/** `supernode resilience`: a training job under failures: interruptions, blast radius, checkpoint cost, goodput and time to train. */

import { parseRate, QuantityError, type ResilienceReport, resilience } from '@supernode/core';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { loadSystem, parseGpus } from '../load-system.js';
import { timeOption, wholeOption } from '../options.js';
import { heading, num, table } from '../report/table.js';
import { loadModel, planFromOptions, type TrainCommandOptions } from './train.js';

export interface ResilienceCommandOptions extends Omit<TrainCommandOptions, 'fidelity' | 'trace'> {
  readonly checkpointInterval?: string;
  readonly spares?: string;
  readonly restart?: string;
  readonly storageBandwidth?: string;
  readonly tokens?: string;
  readonly seed?: string;
  readonly runs?: string;
}

/** Train's options that do not describe the plan: resilience declares its own or has no use for them. */
const NOT_PLAN = new Set(['--system', '--gpus', '--model', '--fidelity', '--json', '--trace', '--fail']);

/** The command, with every plan flag of `train` (the same Option objects, so the two cannot drift apart). */
export function resilienceCommand(trainCommand: Command, out: (text: string) => void): Command {
  const cmd = new Command('resilience');
  // As `program.command()` would: exit codes and output through the caller's io, not process.exit and stdout.
  if (trainCommand.parent) cmd.copyInheritedSettings(trainCommand.parent);
  cmd
    .description('a training job under failures: interruptions per day, blast radius per component, checkpoint cost and interval, goodput, time to train')
    .requiredOption('--system <preset|file>', 'system preset or scenario file')
    .addOption(new Option('--gpus <n>', 'GPUs of the job (whole servers and scale-up domains)').argParser(parseGpus))
    .requiredOption('--model <preset|config.json>', 'model preset or a Hugging Face config.json');
  for (const option of trainCommand.options) if (!NOT_PLAN.has(option.long ?? '')) cmd.addOption(option);
  return cmd
    .option('--checkpoint-interval <time>', "compute between checkpoints, e.g. 10min (default: Young's optimum sqrt(2 x write time x MTBF))")
    .option('--spares <n>', 'hot-spare GPUs beyond the job, standing in for a failed OS image or domain while it is repaired (default 0)')
    .option('--restart <time>', 'relaunching the job once it has its GPUs (default 5min)')
    .option('--storage-bandwidth <rate>', 'checkpoint storage bandwidth, e.g. 2TB/s (default: the scenario dcn.storageBandwidth, else 2 TB/s)')
    .option('--tokens <n>', 'tokens to train, e.g. 15.6e12: reports days to train')
    .option('--seed <n>', 'seed of the Monte-Carlo runs (default 1)')
    .option('--runs <n>', 'Monte-Carlo runs of the whole job (default 200)')
    .option('--json', 'print one JSON object')
    .action((opts: ResilienceCommandOptions) => out(runResilience(opts)));
}

export function runResilience(o: ResilienceCommandOptions): string {
  const system = loadSystem(o.system, o.gpus, [], o.straggler);
  const model = loadModel(o.model);
  const plan = planFromOptions({ ...o });
  const report = resilience(system, model, plan, {
    ...(o.checkpointInterval === undefined ? {} : { checkpointIntervalS: timeOption('--checkpoint-interval', o.checkpointInterval) }),
    ...(o.spares === undefined ? {} : { spareGpus: wholeOption('--spares', o.spares, 0, 'a whole number of GPUs >= 0') }),
    ...(o.restart === undefined ? {} : { restartS: timeOption('--restart', o.restart, true) }),
    ...(o.storageBandwidth === undefined ? {} : { storageBandwidth: rate('--storage-bandwidth', o.storageBandwidth) }),
    ...(o.tokens === undefined ? {} : { tokens: positive('--tokens', o.tokens) }),
    ...(o.seed === undefined ? {} : { seed: wholeOption('--seed', o.seed, 0, 'a whole number >= 0') }),
    ...(o.runs === undefined ? {} : { runs: wholeOption('--runs', o.runs, 1, 'a whole number of runs from 1 to 100000', 100_000) }),
  });
  return o.json ? JSON.stringify(report, null, 2) : render(report);
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`option ${flag}: '${text}' is not a positive number such as 15.6e12`);
  return n;
}

function rate(flag: string, text: string) {
  try {
    const r = parseRate(text);
    if (r > 0) return r;
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
  }
  throw new UsageError(`option ${flag}: '${text}' is not a positive rate such as 2TB/s or 400Gbps`);
}

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
      `${num(c.stateGB)} GB of state at ${num(c.bandwidthGBps)} GB/s: write ${num(c.writeS)} s, restore ${num(c.restoreGB)} GB in ${num(c.restoreS)} s`,
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
