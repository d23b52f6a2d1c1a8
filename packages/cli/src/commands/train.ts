/** How `supernode train` prints: the iteration, its breakdown, the healthy figures beside a degraded run, a pipeline trace. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aicbWorkloadOf, CHAKRA_VERSION, chakraTracesOf, encodeChakraEt, models, powerSummary, type TrainCommandReport } from '@supernode/core';
import { Option } from 'commander';
import { type CommandView, jsonOption } from '../command-view.js';
import { UsageError } from '../errors.js';
import { checkOutputFile } from '../output-file.js';
import { degradedBy } from '../report/degraded.js';
import { pipelineTrace } from '../report/pipeline-trace.js';
import { heading, num, table } from '../report/table.js';
import { workloadInstead, workloadOption } from './workload.js';

export const trainView: CommandView<TrainCommandReport> = {
  options: [
    jsonOption(),
    new Option('--trace <file>', 'write a Chrome trace of the pipeline schedule'),
    new Option('--aicb <file>', 'write the plan as a SimAI/AICB workload file (dense models): `supernode workload` or SimAI replays it'),
    new Option('--chakra <folder>', 'write the step as Chakra traces, rank<r>.et per rank and comm_group.json: `supernode workload` or ASTRA-sim replays them'),
    workloadOption(),
  ],
  instead: workloadInstead,
  check: (flags) => {
    checkOutputFile(flags.trace, '--trace');
    checkOutputFile(flags.aicb, '--aicb');
    checkOutputFile(flags.chakra, '--chakra');
  },
  render(report, flags, system) {
    const trace = typeof flags.trace === 'string' ? flags.trace : undefined;
    if (trace !== undefined) writeFileSync(trace, JSON.stringify(pipelineTrace(report)));
    if (typeof flags.aicb === 'string') {
      if (!models.has(report.model)) throw new UsageError(`--aicb: the export reads the model from the catalogue; '${report.model}' is not one of its models`);
      writeFileSync(flags.aicb, aicbWorkloadOf(system, models.get(report.model), report.plan));
    }
    if (typeof flags.chakra === 'string') writeChakra(flags.chakra, report);
    if (flags.json) return JSON.stringify(report, null, 2);
    const text = [render(report, trace)];
    const healthy = report.healthy;
    if (healthy) {
      text.push(
        `degraded: iteration ${num(report.iterationTimeS, 4)} s against ${num(healthy.iterationTimeS, 4)} s healthy, ${num(healthy.share * 100, 3)}% of healthy throughput (${degradedBy(system)})`,
      );
    }
    const s = report.stragglers;
    if (s) {
      const g = s.slowestGpu;
      text.push(
        `stragglers: ${s.slowGpus} GPU${s.slowGpus === 1 ? '' : 's'} below nominal speed cost ${num(s.slowdown * 100, 3)}% of the step; the slowest, GPU ${g.rank} ` +
          `(stage ${g.stage}, replica ${g.replica}) at ${num(g.speed * 100, 3)}%: the step would take ${num(s.withoutSlowestS, 4)} s at nominal speed on it`,
      );
    }
    return text.join('\n');
  },
};

const BAR = 50;

function render(r: TrainCommandReport, trace?: string): string {
  const p = r.plan;
  const out = [
    heading(
      `${r.model} on ${r.system} (${r.idleGpus > 0 ? `${p.gpus} of ${r.systemGpus} GPUs, ${r.idleGpus} idle` : `${p.gpus} GPUs`}): TP ${p.tp} PP ${p.pp}${p.vpp > 1 ? ` VPP ${p.vpp}` : ''}${p.microbatchGroup !== p.pp && p.vpp > 1 ? ` N ${p.microbatchGroup}` : ''} (${p.schedule}) DP ${p.dp} CP ${p.cp} EP ${p.ep}, ` +
        `mbs ${p.mbs} gbs ${p.gbs} seq ${p.seq}, ${p.precision}, recompute ${p.recompute}, ZeRO ${p.zero}, ${r.fidelity} fidelity`,
    ),
  ];
  out.push(
    table(
      ['metric', 'value'],
      [
        ['iteration time', `${num(r.iterationTimeS, 4)} s (${p.microbatches} micro-batches per pipeline)`],
        ['tokens/s per GPU', num(r.tokensPerSecPerGpu, 4)],
        ['model TFLOP/s per GPU', `${num(r.modelTflopsPerGpu, 4)} (MFU ${(r.mfu * 100).toFixed(1)}% of dense ${p.precision} peak)`],
        ['hardware TFLOP/s per GPU', `${num(r.hardwareTflopsPerGpu, 4)} (with recomputation)`],
        [
          'memory per GPU',
          `${num(r.memoryPerGpuGiB.total)} GiB of ${num(r.memoryPerGpuGiB.capacity)}: weights ${num(r.memoryPerGpuGiB.weights)}, gradients ${num(r.memoryPerGpuGiB.gradients)}, optimizer ${num(r.memoryPerGpuGiB.optimizer)}, activations ${num(r.memoryPerGpuGiB.activations)}${r.fits ? '' : ' -- does not fit'}`,
        ],
        ...(r.timeToTrain
          ? [
              [
                'time to train',
                r.timeToTrain.withFailures
                  ? `${num(r.timeToTrain.days, 4)} days for ${r.timeToTrain.tokens.toPrecision(3)} tokens on ${p.gpus} GPUs without failures; ${num(r.timeToTrain.withFailures.days, 4)} days with them (${num(r.timeToTrain.withFailures.interruptionsPerDay)} interruptions a day, goodput ${(100 * r.timeToTrain.withFailures.goodput).toFixed(1)}%)`
                  : `${num(r.timeToTrain.days, 4)} days for ${r.timeToTrain.tokens.toPrecision(3)} tokens on ${p.gpus} GPUs (failures aside: --goodput prices them)`,
              ],
            ]
          : []),
        [
          'cost and energy',
          `$${r.economics.usdPerMillionTokens.toPrecision(3)} per million trained tokens, ${num(r.economics.joulesPerToken)} J each; ` +
            `$${r.economics.usdPerGpuHour.toFixed(2)} per GPU-hour`,
        ],
        ['power', powerSummary(r.power)],
      ],
    ),
  );
  for (const w of r.power.warnings) out.push(`warning: ${w}`);
  const b = r.breakdown;
  const parts: [string, number, string][] = [
    ['compute', b.computeS, '#'],
    ['bubble', b.bubbleS, '.'],
    ['TP comm', b.exposedCommS.tp, 't'],
    ['PP comm', b.exposedCommS.pp, 'p'],
    ['DP comm', b.exposedCommS.dp, 'd'],
    ['EP comm', b.exposedCommS.ep, 'e'],
    ['CP comm', b.exposedCommS.cp, 'c'],
    ['optimizer', b.optimizerS, 'o'],
  ];
  const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
  out.push(`breakdown [${parts.map(([, v, c]) => c.repeat(Math.round((v / total) * BAR))).join('')}]`);
  out.push(
    table(
      ['part', 'seconds', 'share'],
      parts.filter(([, v]) => v > 0).map(([name, v, c]) => [`${c} ${name}`, num(v, 4), `${((v / total) * 100).toFixed(1)}%`]),
    ),
  );
  if (trace !== undefined) out.push(`pipeline trace written to ${trace} (open in ui.perfetto.dev)`);
  return out.join('\n');
}

/** The step as Chakra traces in `folder`: rank<r>.et for every rank and the process groups in comm_group.json. */
function writeChakra(folder: string, report: TrainCommandReport): void {
  if (!models.has(report.model)) throw new UsageError(`--chakra: the export reads the model from the catalogue; '${report.model}' is not one of its models`);
  const { traces, groups } = chakraTracesOf(models.get(report.model), report);
  mkdirSync(folder, { recursive: true });
  traces.forEach((nodes, rank) => {
    writeFileSync(join(folder, `rank${rank}.et`), encodeChakraEt(CHAKRA_VERSION, nodes));
  });
  writeFileSync(join(folder, 'comm_group.json'), `${JSON.stringify(groups)}\n`);
}
