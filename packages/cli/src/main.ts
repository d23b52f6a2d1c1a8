/** The supernode command line: parses arguments, calls core through the commands, prints, and maps errors to exit codes. */

import { pathToFileURL } from 'node:url';
import {
  capacityCommand,
  collectiveCommand,
  curveCommand,
  planServeCommand,
  planTrainCommand,
  resilienceCommand,
  shareCommand,
  trainCommand,
} from '@supernode/core';
import { Command, CommanderError, Option } from 'commander';
import { registerCommand } from './command-view.js';
import { runBest } from './commands/best.js';
import { runCalibrate } from './commands/calibrate.js';
import { collectiveView } from './commands/collective.js';
import { runCompare } from './commands/compare.js';
import { curveView } from './commands/curve.js';
import { runDescribe } from './commands/describe.js';
import { runPareto } from './commands/pareto.js';
import { planServeView } from './commands/plan-serve.js';
import { planTrainView } from './commands/plan-train.js';
import { runPresets } from './commands/presets.js';
import { resilienceView } from './commands/resilience.js';
import { runSchema } from './commands/schema.js';
import { capacityView, registerServe } from './commands/serve.js';
import { shareView } from './commands/share.js';
import { runSweep } from './commands/sweep.js';
import { trainView } from './commands/train.js';
import { parsePort, runUi } from './commands/ui.js';
import { runValidate } from './commands/validate.js';
import { runWorker } from './commands/worker.js';
import { runWorkload } from './commands/workload.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, isUserError } from './errors.js';
import { parseCount, parseGpus } from './load-system.js';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const stdio: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

const gpusOption = () => new Option('--gpus <n>', 'GPUs in the system (whole servers and scale-up domains)').argParser(parseGpus);

/** The whole command tree: what `main` parses and what the generated CLI reference (docs/cli.md) lists. */
export function program(io: Io): Command {
  const cmd = new Command('supernode')
    .description('Design and evaluate GPU-centric AI clusters before anyone buys them.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run supernode --help for usage)');
  cmd
    .command('describe')
    .description('describe a system: GPUs, fabrics, radix, bandwidth, bisection, latency, power, cost')
    .argument('<system>', 'a preset name (see `supernode presets`) or a scenario file (.yaml/.json)')
    .addOption(gpusOption())
    .option('--json', 'print one JSON object')
    .option('--yaml', 'print the whole scenario the system resolved to (extends merged, every default filled) as YAML: it reads back as the same system')
    .action((ref: string, opts: { gpus?: number; json?: boolean; yaml?: boolean }) => io.out(runDescribe(ref, opts)));
  cmd
    .command('compare')
    .description('compare systems side by side (default: al128, hgx-h100, gb200-nvl72)')
    .argument('[systems...]', 'preset names or scenario files')
    .addOption(gpusOption())
    .option('--json', 'print a JSON array of describe reports')
    .action((refs: string[], opts: { gpus?: number; json?: boolean }) => io.out(runCompare(refs, opts)));
  registerCommand(cmd, collectiveCommand, collectiveView, io.out);
  registerCommand(cmd, shareCommand, shareView, io.out);
  registerCommand(cmd, trainCommand, trainView, io.out);
  registerCommand(cmd, resilienceCommand, resilienceView, io.out);
  registerServe(cmd, io.out, io.err);
  registerCommand(cmd, capacityCommand, capacityView, io.out);
  registerCommand(cmd, curveCommand, curveView, io.out);
  const plan = cmd.command('plan').description('search plans: the best training plan, or serving configuration, for a model on a system');
  registerCommand(plan, planTrainCommand, planTrainView, io.out, 'train');
  registerCommand(plan, planServeCommand, planServeView, io.out, 'serve');
  cmd
    .command('calibrate')
    .description("fit a system's collective constants to nccl-tests logs and write a scenario that carries them")
    .argument('<logs...>', 'nccl-tests output files (all_reduce_perf, all_gather_perf, reduce_scatter_perf, alltoall_perf, sendrecv_perf, ...)')
    .requiredOption('--system <preset|file>', 'the system the logs were measured on')
    .option('--op <name>', "the collective, where neither a log nor its file name says (a log's own word wins)")
    .option('--ranks <n>', "ranks of a log that lists no '#  Rank' lines", parseCount('--ranks'))
    .option('--in-place', 'fit the in-place times (default: out of place, as nccl-tests reports busbw)')
    .option('--out <file>', 'the calibrated scenario to write (default: <system>-calibrated.yaml)')
    .option('--json', 'print {constants, sizes, medianErrorPctBefore, medianErrorPctAfter, fields, scenario}')
    .action((logs: string[], opts) => io.out(runCalibrate(logs, opts)));
  cmd
    .command('workload')
    .description("run another simulator's workload on a system: a SimAI/AICB file or Chakra traces, every collective priced on the fabric")
    .argument('<path>', 'an AICB workload file, a Chakra trace (.et or jsonizer .json), or a folder of one trace per rank (with comm_group.json)')
    .requiredOption('--system <preset|file>', 'the system to run it on')
    .addOption(gpusOption())
    .option('--measured-on <gpu>', "AICB: the GPU the file's compute times were measured on; they scale by its dense BF16 peak over the system's")
    .option('--fidelity <level>', 'analytical (default) or flow (contention simulated)')
    .option('--json', 'print the report: {stepTimeS, computeS, exposedCommS, commS, ...}')
    .action((path: string, opts) => io.out(runWorkload(path, opts)));
  cmd
    .command('validate')
    .description("compare predictions with the published measurements in the project's validation/cases.json")
    .option('--cases <file>', 'cases file (default: validation/cases.json of the repository)')
    .option('--upstream <file>', 'list the cases of an upstream cases file that the project lacks or holds changed, and stop')
    .option(
      '--fidelity <level>',
      'analytical (default; seconds) or flow (minutes: simulates every collective, thousands of ranks for the ZeRO rows)',
      'analytical',
    )
    .option('--filter <text>', 'only cases whose id contains this text')
    .option('--json', 'print {cases, skipped, medianAbsErrorPct}')
    .option('--markdown', 'print the report as Markdown: medians per set and kind, a table of cases per set and kind (docs/accuracy.md)')
    .option(
      '--plans',
      'also check published production plans against the plan search: each fits, ranks in the best 10, and is no faster than the best found (some 20 s)',
    )
    .action((opts) => io.out(runValidate(opts)));
  cmd
    .command('sweep')
    .description('run every point of a sweep spec (axes over scenario fields and command arguments) into a resumable results file')
    .argument('<spec>', 'sweep spec file (.yaml/.json): command, system, args, axes, objectives, constraints')
    .option('--out <file>', 'results file (DuckDB; default <spec name>.duckdb); a rerun skips the points it holds')
    .option('--workers <n>', 'worker threads (default: the number of cores)', parseCount('--workers'))
    .option('--csv <file>', 'also write the results as CSV')
    .option('--parquet <file>', 'also write the results as Parquet')
    .option('--queue <url>', 'redis://host:port: enqueue the points for `supernode worker` processes anywhere and collect their results here')
    .option('--json', 'print {points, completed, skipped, failed, feasible, outFile, ...}')
    .action(async (spec: string, opts) => io.out(await runSweep(spec, opts, io.err)));
  cmd
    .command('worker')
    .description('run sweep points from a Redis queue (start any number, on any machine), until SIGINT/SIGTERM or idle')
    .requiredOption('--queue <url>', 'redis://host:port of the queue the sweep enqueued into')
    .option('--lock-ms <ms>', "a job's lock: a dead worker's job is retried this long after it stopped (default 30000)", parseCount('--lock-ms'))
    .option('--idle-exit <s>', 'stop after this many seconds without a job', parseCount('--idle-exit'))
    .option('--verbose', 'log each job as it starts and ends')
    .action(async (opts: { queue: string; lockMs?: number; idleExit?: number; verbose?: boolean }) =>
      io.out(
        await runWorker(
          {
            queue: opts.queue,
            ...(opts.lockMs === undefined ? {} : { lockMs: opts.lockMs }),
            ...(opts.idleExit === undefined ? {} : { idleExitS: opts.idleExit }),
            ...(opts.verbose ? { verbose: true } : {}),
          },
          io.err,
        ),
      ),
    );
  cmd
    .command('pareto')
    .description('the Pareto front of a sweep results file over two metrics: a table, JSON, and an SVG or HTML plot')
    .argument('<results>', 'results file a sweep wrote (.duckdb)')
    .requiredOption('--x <metric>', 'first metric (maximized unless --minimize names it or the spec says min)')
    .requiredOption('--y <metric>', 'second metric')
    .option('--minimize <metrics>', 'comma-separated metrics to minimize')
    .option('--all', 'include points that broke a constraint')
    .option('--plot <file>', 'write the scatter and its front as .svg or .html')
    .option('--json', 'print the front as a JSON array of points')
    .action(async (results: string, opts) => io.out(await runPareto(results, opts)));
  cmd
    .command('best')
    .description('the best point of a sweep per value of one axis, the gain step to step, and where the gains flatten (the knee)')
    .argument('<results>', 'results file a sweep wrote (.duckdb)')
    .requiredOption('--by <column>', 'the axis to step along, e.g. system.scaleUp.domainSize')
    .requiredOption('--metric <metric>', 'what "best" means (maximized unless --minimize or the spec says min)')
    .option('--minimize', 'lower is better')
    .option('--show <columns>', 'comma-separated columns to show beside it')
    .option('--threshold <share>', 'a step improving by less than this share is past the knee (default 0.1)')
    .option('--all', 'include points that broke a constraint')
    .option('--json', 'print {by, metric, goal, knee, best}')
    .action(async (results: string, opts) => io.out(await runBest(results, opts)));
  cmd
    .command('presets')
    .description('list the built-in systems with their descriptions and sources')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => io.out(runPresets(opts)));
  cmd
    .command('ui')
    .description('serve the web UI on 127.0.0.1: design a system, see it, run it and compare designs in the browser')
    .addOption(new Option('--port <n>', 'port to listen on (0 picks a free one)').default(5170).argParser(parsePort))
    .action(async (opts: { port: number }) => io.out(await runUi({ port: opts.port, host: '127.0.0.1' }, io.err)));
  cmd
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(() => io.out(runSchema()));
  return cmd;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  try {
    await program(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (isUserError(error)) {
      io.err(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    io.err(`internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_INTERNAL;
  }
}

// Run as a script (the tests and `npm run dev` do); no top-level await, so the launcher's bundle can be a script.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
