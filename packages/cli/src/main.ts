/** The supernode command line: parses arguments, calls core through the commands, prints, and maps errors to exit codes. */

import { pathToFileURL } from 'node:url';
import { KV_TIERS, pipelineSchedules, RECOMPUTE_MODULES, routers, schedulers } from '@supernode/core';
import { Command, CommanderError, Option } from 'commander';
import { runBest } from './commands/best.js';
import { runCollectiveCommand } from './commands/collective.js';
import { runCompare } from './commands/compare.js';
import { runDescribe } from './commands/describe.js';
import { runPareto } from './commands/pareto.js';
import { runPresets } from './commands/presets.js';
import { resilienceCommand } from './commands/resilience.js';
import { runSchema } from './commands/schema.js';
import { runServe } from './commands/serve.js';
import { PLACEMENT_HELP, parseSeed, runShareCommand, SHARE_FAIL_HELP } from './commands/share.js';
import { runSweep } from './commands/sweep.js';
import { runTrain } from './commands/train.js';
import { parsePort, runUi } from './commands/ui.js';
import { runValidate } from './commands/validate.js';
import { runWorker } from './commands/worker.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, isUserError } from './errors.js';
import { collectOption, FAIL_HELP, parseCount, parseGpus, STRAGGLER_HELP } from './load-system.js';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const stdio: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

const gpusOption = () => new Option('--gpus <n>', 'GPUs in the system (whole servers and scale-up domains)').argParser(parseGpus);

function program(io: Io): Command {
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
    .action((ref: string, opts: { gpus?: number; json?: boolean }) => io.out(runDescribe(ref, opts)));
  cmd
    .command('compare')
    .description('compare systems side by side (default: al128, hgx-h100, gb200-nvl72)')
    .argument('[systems...]', 'preset names or scenario files')
    .addOption(gpusOption())
    .option('--json', 'print a JSON array of describe reports')
    .action((refs: string[], opts: { gpus?: number; json?: boolean }) => io.out(runCompare(refs, opts)));
  cmd
    .command('collective')
    .description('time a collective over message sizes, in the shape nccl-tests prints (size, time, algbw, busbw)')
    .requiredOption('--system <preset|file>', 'system preset or scenario file')
    .addOption(gpusOption())
    .requiredOption('--op <op>', 'allreduce | allgather | reducescatter | alltoall | broadcast | reduce | sendrecv')
    .option('--group <ranks>', 'ranks: all, 0-63, 0-1023:8 (strided) or 0,2,4', 'all')
    .addOption(
      new Option('--concurrent-groups <k>', 'copies of the group running at once (contiguous groups shift by their size, strided by one)')
        .default(1)
        .argParser(parseCount),
    )
    .option('--sizes <sizes>', 'sizes: 1K:8G doubles each step, 8G one size, 512M,1G,8G a list (1G = 2^30 B)', '1K:8G')
    .option('--algorithm <name>', 'auto, or an algorithm of the op: ring, tree, halving-doubling, in-switch, hierarchical, direct', 'auto')
    .option('--protocol <name>', 'auto (fastest, as NCCL picks), LL, LL128 or Simple', 'auto')
    .option('--fidelity <level>', 'flow (contention-aware simulation) or analytical (closed form)', 'flow')
    .option('--routing <mode>', 'auto (adaptive on InfiniBand, ECMP on Ethernet), ecmp (hash per flow), spray (per-packet spraying) or adaptive', 'auto')
    .option('--cuda-graphs', 'runs are CUDA-graph captured: no per-call launch cost')
    .option('--json', 'print a JSON array, one object per size')
    .option('--trace <file>', 'write a Chrome trace of the transfers (flow fidelity)')
    .option('--links', 'show the busiest links and their utilisation (flow fidelity)')
    .option('--fail <spec>', FAIL_HELP, collectOption)
    .option('--straggler <spec>', STRAGGLER_HELP, collectOption)
    .option(
      '--compute-before <time>',
      'work each rank does at nominal speed before the collective, e.g. 10ms: a slow GPU arrives late by its share of it (needed with slow GPUs)',
    )
    .action((opts) => io.out(runCollectiveCommand(opts)));
  cmd
    .command('share')
    .description("jobs placed on one system run their collectives at once (flow fidelity): each job's time against running alone")
    .requiredOption('--system <preset|file>', 'system preset or scenario file')
    .addOption(gpusOption())
    .option('--job <op:gpus:size[:algorithm]>', 'a job, e.g. allreduce:512:1GiB or alltoall:256:256MiB:direct (repeat for each job)', collectOption)
    .option('--placement <policy>', PLACEMENT_HELP, 'packed')
    .addOption(new Option('--seed <n>', 'seed of the random placement').default(1).argParser(parseSeed))
    .option('--routing <mode>', 'auto (adaptive on InfiniBand, ECMP on Ethernet), ecmp, spray or adaptive', 'auto')
    .option('--fail <spec>', SHARE_FAIL_HELP, collectOption)
    .option('--json', 'print the report: each job alone and shared, the placement, the makespan')
    .action((opts) => io.out(runShareCommand(opts)));
  const trainCmd = cmd
    .command('train')
    .description('simulate one training iteration: time, tokens/s, MFU, memory per GPU and where the time goes')
    .requiredOption('--system <preset|file>', 'system preset or scenario file')
    .addOption(gpusOption())
    .requiredOption('--model <preset|config.json>', 'model preset (see the models registry) or a Hugging Face config.json')
    .option('--fail <spec>', FAIL_HELP, collectOption)
    .option('--straggler <spec>', STRAGGLER_HELP, collectOption)
    .requiredOption('--tp <n>', 'tensor parallel size', parseCount)
    .requiredOption('--pp <n>', 'pipeline parallel size', parseCount)
    .option('--vpp <n>', 'virtual pipeline chunks per stage (interleaved 1F1B)', parseCount)
    .option(
      '--microbatch-group <n>',
      'interleaved 1F1B: micro-batches per chunk turn (Megatron microbatch_group_size_per_vp_stage; default PP); fewer hold less activation memory',
      parseCount,
    )
    .option('--dp <n>', 'data parallel size (derived when omitted)', parseCount)
    .option('--cp <n>', 'context parallel size', parseCount)
    .option('--ep <n>', 'expert parallel size', parseCount)
    .option('--etp <n>', 'expert tensor parallel size (default: TP); below TP, expert groups fold across the TP ranks', parseCount)
    .requiredOption('--mbs <n>', 'micro-batch size in sequences', parseCount)
    .requiredOption('--gbs <n>', 'global batch size in sequences', parseCount)
    .requiredOption('--seq <n>', 'sequence length in tokens', parseCount)
    .option('--precision <p>', 'bf16 or fp8', 'bf16')
    .option('--recompute <r>', 'none, selective or full', 'selective')
    .option('--zero <z>', 'ZeRO stage 0-3 (1 = distributed optimizer)', '1')
    .option('--sequence-parallel', 'Megatron sequence parallelism with TP (default: on when --tp > 1)')
    .option('--no-sequence-parallel', 'replicate the layer activations across the TP group')
    .option('--attention <kernel>', 'flash (FlashAttention, default) or unfused (scores through HBM)')
    .option('--tp-overlap', 'hide the TP all-gather / reduce-scatter behind the GEMMs they feed (default: off)')
    .option('--no-tp-overlap', 'TP collectives on the critical path')
    .option('--dp-overlap', 'overlap the DP gradient reduction and parameter gather with compute (default)')
    .option('--no-dp-overlap', 'reduce gradients after the pipeline flush (Megatron-LM 2021)')
    .option('--pp-overlap', "overlap the interleaved schedule's pipeline sends with compute (default)")
    .option('--no-pp-overlap', 'every pipeline send blocks')
    .option('--gradient-bytes <b>', 'bytes per element of the gradients the DP reduction moves: 4 (FP32, default) or 2')
    .option('--master-weight-bytes <b>', "bytes of the optimizer's master copy per parameter: 4 (FP32, default) or 2 (BF16 remainders)")
    .option('--dropout', 'dropout on attention probabilities and block outputs, with its masks kept (default: off)')
    .option('--no-dropout', 'no dropout')
    .option('--permute-fusion', "fused token permutation around the experts (Megatron-Core's moe_permute_fusion; default)")
    .option('--no-permute-fusion', 'unfused permute, sort and unpermute kernels: more passes over the routed tokens')
    .option('--recompute-modules <list>', `what --recompute selective redoes, comma-separated: ${RECOMPUTE_MODULES.join(', ')} (default core-attention)`)
    .option('--moment-bytes <b>', 'bytes per element of each Adam moment: 4 (FP32, default) or 2 (BF16)')
    .option('--schedule <name>', `pipeline schedule: ${pipelineSchedules.ids.join(', ')} (default 1f1b, interleaved with --vpp)`)
    .option(
      '--stage-layers <list>',
      'layers per pipeline stage, first to last, e.g. 3,4x14,2, or with --vpp per chunk in virtual-stage order (default: an even split)',
    )
    .option(
      '--account-for-embedding',
      "count the input embedding as a layer of the first chunk in the split (Megatron's account_for_embedding_in_pipeline_split)",
    )
    .option('--account-for-loss', "count the output layer and loss as a layer of the last chunk (Megatron's account_for_loss_in_pipeline_split)")
    .option(
      '--offload-activations <share>',
      'share of saved activations held in host memory until the backward, in [0, 1) (activation CPU offloading; default 0)',
    )
    .option('--mtp-depth <n>', 'multi-token prediction modules on the last stage (DeepSeek-V3: 1; default 0)')
    .option('--ep-node-limit <n>', 'node-limited routing: a token reaches experts on at most n nodes (DeepSeek-V3: 4)')
    .option('--comm-sms <n>', 'SMs the all-to-all kernels take while DualPipe overlaps them with compute (default 20)')
    .option('--fidelity <level>', 'analytical, or flow (communication simulated with contention)', 'analytical')
    .option('--json', 'print one JSON object')
    .option('--trace <file>', 'write a Chrome trace of the pipeline schedule')
    .action((opts) => io.out(runTrain(opts)));
  cmd.addCommand(resilienceCommand(trainCmd, io.out));
  cmd
    .command('serve')
    .description('serve a model under a request load, request by request: TTFT, TPOT, throughput per GPU, goodput, KV-cache hits')
    .requiredOption('--system <preset|file>', 'system preset or scenario file')
    .addOption(gpusOption())
    .requiredOption('--model <preset|config.json>', 'model preset or a Hugging Face config.json')
    .option('--tp <n>', 'tensor parallel size of each attention group (default 1)', parseCount)
    .option('--dp-attention <n>', 'attention data-parallel groups per replica (default 1)', parseCount)
    .option('--ep', "spread each replica's experts over all its GPUs (expert parallelism)")
    .option('--pd <P:D>', 'prefill/decode disaggregation: P prefill and D decode replicas')
    .option('--replicas <n>', 'replicas that prefill and decode (default: as many as the GPUs hold)', parseCount)
    .option('--precision <p>', 'bf16 or fp8 weights and GEMMs', 'bf16')
    .option('--kv-bytes <b>', 'bytes per KV-cache element: 2 (BF16) or 1 (FP8)', '2')
    .option('--rate <r>', 'arrivals per second (Poisson)')
    .option('--burstiness <cv>', 'gamma arrivals with this coefficient of variation instead of Poisson (1 = Poisson)')
    .option('--trace <file>', 'replay a trace: JSON lines (Mooncake) or CSV (Azure)')
    .option('--requests <n>', 'requests to serve', parseCount)
    .option('--duration <time>', 'arrivals for this long, e.g. 10min')
    .option('--input-len <spec>', 'prompt lengths: N, uniform:MIN:MAX, lognormal:MEAN:SIGMA or file:PATH', 'lognormal:2048:0.8')
    .option('--output-len <spec>', 'output lengths, as --input-len', 'lognormal:256:0.8')
    .option('--prefix-share <f>', 'share of every prompt that is one common prefix, in [0, 1)')
    .option('--turns <n>', 'multi-turn sessions of n requests, each carrying the conversation so far', parseCount)
    .option('--think <time>', 'time between the turns of a session (default 0)')
    .option('--kv-tiers <list>', `prefix-cache tiers, fastest first: ${KV_TIERS.join(', ')}`, 'hbm')
    .option('--router <name>', `request router: ${routers.ids.join(', ')}`, 'least-load')
    .option('--scheduler <name>', `iteration scheduler: ${schedulers.ids.join(', ')}`, 'chunked-prefill')
    .option('--preemption <mode>', 'when the KV cache runs out: recompute (free and prefill again) or swap (to host memory)', 'recompute')
    .option(
      '--fidelity <level>',
      'how per-step collectives and KV moves are priced: analytical (closed form) or flow (the flow engine, contention-aware)',
      'analytical',
    )
    .option('--token-budget <n>', 'new tokens per iteration at most (default 8192)', parseCount)
    .option('--max-seqs <n>', 'decoding requests per replica at most (default 256)', parseCount)
    .option('--overlap', 'two-batch overlap of communication with compute')
    .option('--concurrency <n>', 'closed loop: n clients, each sending its next request when its last one finishes', parseCount)
    .option('--slo <spec>', 'service-level objective, e.g. ttft=2s,tpot=50ms (goodput counts requests within it)')
    .option('--max-rate', 'search the highest --rate whose requests meet the SLO (99%), from --rate up')
    .option('--capacity', 'steady state instead of a simulation: decode tokens/s per GPU within the SLO TPOT, prefill rate, TTFT')
    .option('--compare-tiers <lists>', "serve the same load under each KV-tier list, e.g. 'hbm;hbm,cxl;hbm,remote', and compare")
    .addOption(new Option('--seed <n>', 'seed of the generated load').default(1).argParser(parseCount))
    .option('--json', 'print one JSON object')
    .option('--straggler <spec>', STRAGGLER_HELP, collectOption)
    .option('--fail <spec>', FAIL_HELP, collectOption)
    .option('--spares <n>', "spare GPUs ready to replace a failed replica's (default: the system's GPUs the replicas leave idle)")
    .option('--restart <time>', "starting a replica's engine on new GPUs, before its weights load (default 5min)")
    .action((opts) => io.out(runServe(opts)));
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
    .action((opts) => io.out(runValidate(opts)));
  cmd
    .command('sweep')
    .description('run every point of a sweep spec (axes over scenario fields and command arguments) into a resumable results file')
    .argument('<spec>', 'sweep spec file (.yaml/.json): command, system, args, axes, objectives, constraints')
    .option('--out <file>', 'results file (DuckDB; default <spec name>.duckdb); a rerun skips the points it holds')
    .option('--workers <n>', 'worker threads (default: the number of cores)', parseCount)
    .option('--csv <file>', 'also write the results as CSV')
    .option('--parquet <file>', 'also write the results as Parquet')
    .option('--queue <url>', 'redis://host:port: enqueue the points for `supernode worker` processes anywhere and collect their results here')
    .option('--json', 'print {points, completed, skipped, failed, feasible, outFile, ...}')
    .action(async (spec: string, opts) => io.out(await runSweep(spec, opts, io.err)));
  cmd
    .command('worker')
    .description('run sweep points from a Redis queue (start any number, on any machine), until SIGINT/SIGTERM or idle')
    .requiredOption('--queue <url>', 'redis://host:port of the queue the sweep enqueued into')
    .option('--lock-ms <ms>', "a job's lock: a dead worker's job is retried this long after it stopped (default 30000)", parseCount)
    .option('--idle-exit <s>', 'stop after this many seconds without a job', parseCount)
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
