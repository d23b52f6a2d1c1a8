/** How `supernode serve` prints: percentiles, throughput, KV hits, capacity under failures; the highest rate within the SLO; a KV-tier comparison; `--capacity`, the steady state; and `--curve`, the interactivity curve. */

import {
  type AnyCommand,
  type CapacityReport,
  capacityCommand,
  curveCommand,
  type KvTier,
  powerSummary,
  type ServeCommandReport,
  type ServeReport,
  serveCommand,
} from '@supernode/core';
import { type Command, Option } from 'commander';
import { type CommandView, type Flags, jsonOption, registerCommand, runFromFlags } from '../command-view.js';
import { UsageError } from '../errors.js';
import { addArgFlags, argsFromFlags, flagOf } from '../flags.js';
import { heading, num, table } from '../report/table.js';
import { runProgress } from '../run-progress.js';
import { curveView } from './curve.js';

export const serveView: CommandView<ServeCommandReport> = {
  options: [
    jsonOption(),
    new Option('--capacity', 'steady state instead of a simulation (as `supernode capacity`): decode tokens/s per GPU within the SLO TPOT, prefill rate, TTFT'),
    new Option(
      '--curve',
      'the interactivity curve instead of a simulation (as `supernode curve`): every configuration, tokens/s per GPU against tokens/s per user',
    ),
    new Option('--compare <systems>', 'with --curve: the same curve on other systems at this GPU count, and the ratio at 20, 50 and 100 tokens/s per user'),
  ],
  render(r, flags) {
    if (r.tiers) return compareTiers(r.tiers, flags);
    if (r.maxRate) {
      return flags.json
        ? JSON.stringify({ maxRateRps: r.maxRate.rateRps, tried: r.maxRate.tried, ...r.report }, null, 2)
        : render(r.report, `highest rate meeting the SLO: ${num(r.maxRate.rateRps)} requests/s`);
    }
    return flags.json ? JSON.stringify(r.report, null, 2) : render(r.report);
  },
};

export const capacityView: CommandView<CapacityReport> = {
  options: [jsonOption()],
  render(r, flags) {
    if (flags.json) return JSON.stringify(r, null, 2);
    return [
      heading(
        `${r.model} on ${r.system}: steady state of one replica of ${r.gpusPerReplica} GPUs ${r.tpotTargetMs === null ? `at a decode batch of ${num(r.decodeBatchPerGroup)} per attention group` : `at TPOT ${num(r.tpotTargetMs)} ms`}`,
      ),
      table(
        ['metric', 'value'],
        [
          ['decode tokens/s per GPU', num(r.decodeTokensPerSecPerGpu)],
          ['decode batch per attention group', `${num(r.decodeBatchPerGroup)} at ${num(r.context)} tokens of context (step ${num(r.decodeStepMs)} ms)`],
          ['prefill tokens/s per GPU', num(r.prefillTokensPerSecPerGpu)],
          [`TTFT of a ${num(r.promptTokens)}-token prompt, unloaded`, `${num(r.ttftMs)} ms`],
          ...(r.weightOffload
            ? [
                [
                  'weights off the GPU',
                  `${r.weightOffload.layers} layers in ${r.weightOffload.tier === 'dram' ? 'host memory' : 'the CXL pool'}, streamed in each pass`,
                ],
              ]
            : []),
          [
            'cost per output token',
            `$${r.usdPerMillionOutputTokens.toPrecision(3)} per million, ${num(r.joulesPerOutputToken)} J each ($${r.usdPerGpuHour.toFixed(2)} per GPU-hour)`,
          ],
        ],
      ),
    ].join('\n');
  },
};

/**
 * `supernode serve`, whose `--capacity` and `--curve` run the `capacity` and `curve` commands on the same flags (their
 * arguments carry the same names); a long run (a big trace) says how far it has come on `err`.
 */
export function registerServe(program: Command, out: (text: string) => void, err: (text: string) => void): Command {
  const view: CommandView<ServeCommandReport> = { ...serveView, context: () => ({ progress: runProgress('serve', err) }) };
  const cmd = registerCommand(program, serveCommand, view, out);
  // The flags only the steady state or the curve take (capacity's --batch, the curve's --precisions), from their own
  // definitions, each refused without the mode it belongs to.
  const own = Object.keys(serveCommand.args.fields);
  const onlyCapacity = Object.keys(capacityCommand.args.fields).filter((name) => !own.includes(name));
  const onlyCurve = Object.keys(curveCommand.args.fields).filter((name) => !own.includes(name) && !onlyCapacity.includes(name));
  addArgFlags(cmd, capacityCommand as AnyCommand, [...own], ' (with --capacity)');
  addArgFlags(cmd, curveCommand as AnyCommand, [...own, ...onlyCapacity], ' (with --curve)');
  return cmd.action((flags: Flags) => {
    if (flags.capacity && flags.curve) throw new UsageError('option --curve: give --capacity or --curve, not both');
    for (const [names, mode, command] of [
      [onlyCapacity, 'capacity', capacityCommand],
      [onlyCurve, 'curve', curveCommand],
    ] as const) {
      const given = names.find((name) => flags[name] !== undefined);
      if (given !== undefined && !flags[mode])
        throw new UsageError(`option ${flagOf(given, (command.args.fields as AnyCommand['args']['fields'])[given])}: applies to --${mode} only`);
    }
    const to = flags.capacity
      ? { flag: '--capacity', what: 'the steady state of one replica', command: capacityCommand as AnyCommand, view: capacityView as CommandView<unknown> }
      : flags.curve
        ? {
            flag: '--curve',
            what: 'the interactivity curve of every configuration',
            command: curveCommand as AnyCommand,
            view: curveView as CommandView<unknown>,
          }
        : undefined;
    if (!to) {
      if (flags.compare !== undefined) throw new UsageError('option --compare: compares interactivity curves; give it with --curve');
      return out(runFromFlags(serveCommand, view, flags));
    }
    const given = Object.keys(argsFromFlags(serveCommand, flags));
    const extra = given.find((name) => !(name in to.command.args.fields));
    if (extra)
      throw new UsageError(
        `option ${flagOf(extra, (serveCommand.args.fields as AnyCommand['args']['fields'])[extra])}: does not apply to ${to.flag}, ${to.what}`,
      );
    if (flags.fail || flags.straggler)
      throw new UsageError(`option ${flags.fail ? '--fail' : '--straggler'}: does not apply to ${to.flag}, which prices a healthy system`);
    out(runFromFlags(to.command, to.view, flags));
  });
}

const BAR = 40;

/**
 * The same load under each KV-tier list ('hbm;hbm,cxl;hbm,remote'), against the first: time to first token and served
 * throughput, beside the published claims they can be read against.
 */
function compareTiers(runs: readonly { readonly tiers: readonly KvTier[]; readonly report: ServeReport }[], flags: Flags): string {
  const lists = runs.map((r) => r.tiers);
  const reports = runs.map((r) => r.report);
  if (flags.json)
    return JSON.stringify(
      reports.map((r, i) => ({ tiers: lists[i], ...r })),
      null,
      2,
    );
  const base = reports[0] as ServeReport;
  const rows = reports.map((r, i) => [
    (lists[i] as readonly KvTier[]).join(','),
    `${(r.kv.hitRate * 100).toFixed(1)}%`,
    num(r.ttftMs.p50),
    num(r.ttftMs.p90),
    `${((r.ttftMs.p50 / base.ttftMs.p50 - 1) * 100).toFixed(1)}%`,
    num(r.throughput.outputTokensPerSecPerGpu),
    `${num(r.throughput.outputTokensPerSecPerGpu / base.throughput.outputTokensPerSecPerGpu)}x`,
    num(r.goodputRps),
  ]);
  return [
    heading(`${base.model} on ${base.system}: the same ${base.requests} requests under each KV-tier list`),
    table(['tiers', 'prefix hits', 'TTFT p50 (ms)', 'TTFT p90 (ms)', 'TTFT p50 vs first', 'output tok/s/GPU', 'vs first', 'goodput (req/s)'], rows),
    'Published, for comparison: Alibaba AL128 CXL pool, KV-cache performance 4.79x and TTFT -82.7% (vendor claim, workload unstated);',
    'Beluga (CXL pool vs RDMA-based Mooncake store), 7.35x throughput and TTFT -89.6% (its own workload and baseline).',
  ].join('\n');
}

/** One line on the deployment under failures: how often a replica stops, for how long, and the capacity left. */
function availability(a: ServeReport['availability']): string {
  const every = Number.isFinite(a.replicaMtbfHours)
    ? `a replica stops every ${num(a.replicaMtbfHours)} h for ${num(a.meanOutageS / 60)} min`
    : 'no replica stops';
  return `${(a.availability * 100).toFixed(2)}% up (${every}; ${a.spareGpus} spare GPUs); ${a.replicasDownP99} of ${a.replicas} replicas down at the worst 1% of moments; ${num(a.outputTokensPerSecPerGpu)} output tokens/s per GPU with outages`;
}

function render(r: ServeReport, note?: string): string {
  const d = r.deployment;
  const replicas = d.replicas.mixed > 0 ? `${d.replicas.mixed} replicas` : `${d.replicas.prefill} prefill + ${d.replicas.decode} decode replicas`;
  const out = [
    heading(
      `${r.model} on ${r.system}: ${replicas} of ${d.gpusPerReplica} GPUs (TP ${d.tp}${d.dpAttention > 1 ? `, DP-attention ${d.dpAttention}` : ''}${d.ep > 1 ? `, EP ${d.ep}` : ''}${d.epBalance ? `, experts ${d.epBalance.balance}: hottest rank +${Math.round(d.epBalance.hottestRankExcess * 100)}%` : ''}), ${r.gpus} GPUs`,
    ),
  ];
  if (note) out.push(note);
  const off = d.weightOffload;
  if (off)
    out.push(
      off.layers === 0
        ? 'weights: none off the GPU; they fit in HBM with KV cache for the longest request'
        : `weights: ${off.layers} layers off the GPU in ${off.tier === 'dram' ? 'host memory' : 'the CXL pool'} (${num(off.layerGiBPerGpu)} GiB a GPU each, ${num(off.fetchMsPerLayer)} ms to stream one in), prefetched behind the layers before them`,
    );
  const slow = r.slowReplicas ?? [];
  if (slow.length > 0) {
    const worst = slow.reduce((a, b) => (b.speed < a.speed ? b : a));
    out.push(
      `stragglers: ${slow.length} replica${slow.length === 1 ? '' : 's'} with a GPU below nominal speed; the slowest, replica ${worst.replica}, computes at ${num(worst.speed * 100, 3)}%`,
    );
  }
  out.push(
    table(
      ['metric', 'p50', 'p90', 'p99', 'mean'],
      [
        ['TTFT (ms)', ...[r.ttftMs.p50, r.ttftMs.p90, r.ttftMs.p99, r.ttftMs.mean].map((v) => num(v))],
        ['TPOT (ms)', ...[r.tpotMs.p50, r.tpotMs.p90, r.tpotMs.p99, r.tpotMs.mean].map((v) => num(v))],
        ['inter-token latency (ms)', ...[r.itlMs.p50, r.itlMs.p90, r.itlMs.p99, r.itlMs.mean].map((v) => num(v))],
        ['end to end (ms)', ...[r.e2eMs.p50, r.e2eMs.p90, r.e2eMs.p99, r.e2eMs.mean].map((v) => num(v))],
      ],
    ),
  );
  out.push(
    table(
      ['throughput', 'value'],
      [
        ['requests', `${r.requests} over ${num(r.durationS)} s (${num(r.throughput.requestsPerSec)} /s)`],
        ['input tokens/s per GPU', num(r.throughput.inputTokensPerSecPerGpu)],
        ['output tokens/s per GPU', num(r.throughput.outputTokensPerSecPerGpu)],
        ['goodput (requests/s in SLO)', `${num(r.goodputRps)} (${(r.sloAttainment * 100).toFixed(1)}%)`],
        [
          'KV prefix hits',
          `${(r.kv.hitRate * 100).toFixed(1)}% of prompt blocks (${r.kv.tiers.map((t) => `${t} ${r.kv.byTier[t]?.blocksHit ?? 0}`).join(', ')})`,
        ],
        [
          'KV held per GPU (tokens)',
          r.kv.tiers
            .map((t) => {
              const tier = r.kv.byTier[t];
              return tier ? `${t} ${num(tier.tokensPerGpu)}${t === 'hbm' ? '' : ` (x${num(tier.capacityMultiplier)} with those above)`}` : t;
            })
            .join(', '),
        ],
        ['preemptions', String(r.preemptions)],
        ['under failures', availability(r.availability)],
        [
          'cost per output token',
          `$${r.economics.usdPerMillionOutputTokens.toPrecision(3)} per million, ${num(r.economics.joulesPerOutputToken)} J each ($${r.economics.usdPerGpuHour.toFixed(2)} per GPU-hour)`,
        ],
        ['power', powerSummary(r.power)],
        [
          'host CPU',
          `${num(r.hostCpu.busyCoresPerOs)} of ${r.hostCpu.coresPerOs} cores busy in each of ${r.hostCpu.osImages} OS images of ${r.hostCpu.gpusPerOs} GPUs ` +
            `(${(r.hostCpu.utilization * 100).toFixed(0)}%; ${num(r.hostCpu.frontEndCoresPerOs)} tokenizing and streaming)`,
        ],
      ],
    ),
  );
  for (const w of [...r.power.warnings, ...r.hostCpu.warnings]) out.push(`warning: ${w}`);
  const h = r.ttftHistogram;
  const most = Math.max(1, ...h.counts);
  out.push('TTFT histogram (ms)');
  h.counts.forEach((c, i) => {
    out.push(`${num(h.edgesMs[i]).padStart(9)} - ${num(h.edgesMs[i + 1]).padEnd(9)} ${'#'.repeat(Math.round((c / most) * BAR)).padEnd(BAR)} ${c}`);
  });
  return out.join('\n');
}
