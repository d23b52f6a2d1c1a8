/** How `supernode plan train` prints: the plans searched and fitting, the top ones with what separates them, and the `train` command of each. */

import type { PlanTrainReport, RankedTrainPlan } from '@supernode/core';
import { type CommandView, type Flags, jsonOption } from '../command-view.js';
import { heading, num, table } from '../report/table.js';

/** The search's wall time: the view's check runs just before the run, its render just after. */
const clock = stopwatch();

/** A wall clock started before a run and read after it (a view's check and render): seconds between them. */
export function stopwatch(): { start(): void; seconds(): number } {
  let started = 0;
  return {
    start: () => {
      started = performance.now();
    },
    seconds: () => (performance.now() - started) / 1000,
  };
}

/** The --system flag's value as a shell word (quoted where it must be). */
export function systemFlag(flags: Flags): string {
  const system = String(flags.system);
  const word = /^[\w./@:+-]+$/.test(system) ? system : `'${system.replace(/'/g, `'\\''`)}'`;
  return flags.gpus === undefined ? word : `${word} --gpus ${String(flags.gpus)}`;
}

/** The `train` command that runs a plan as printed, on the system and GPUs the search ran on. */
export function trainCommandOf(r: PlanTrainReport, t: RankedTrainPlan, flags: Flags): string {
  return `supernode train --system ${systemFlag(flags)} --model ${r.model} ${t.trainArgs}`;
}

export const planTrainView: CommandView<PlanTrainReport> = {
  options: [
    jsonOption(
      'print {searched, feasible, dominated, seconds, top: [{plan, tokensPerSecPerGpu, mfu, usdPerMillionTokens, memoryGiB, breakdown, command}]} (with --tokens, each also timeToTrain and usdToTrain)',
    ),
  ],
  check: () => clock.start(),
  render(r, flags) {
    const seconds = clock.seconds();
    const top = r.top.map((p) => ({ ...p, command: trainCommandOf(r, p, flags) }));
    if (flags.json) return JSON.stringify({ ...r, seconds, top }, null, 2);
    const out = [
      heading(
        `${r.model} on ${r.system} (${r.gpus} GPUs): ${r.searched} layouts searched, ${r.feasible} fit, ${r.feasible - r.dominated} beaten by none on both speed and memory, best ${top.length} in ${num(seconds)} s`,
      ),
    ];
    if (top.length === 0) {
      out.push('no layout fits: try more GPUs, a shorter sequence or a smaller global batch');
      return out.join('\n');
    }
    out.push(
      table(
        [
          ...['#', 'plan', 'tokens/s per GPU', 'MFU', '$ per M tokens', 'bubble (s)', 'exposed comm (s)', 'memory (GiB)'],
          ...(flags.tokens === undefined ? [] : [`days for ${Number(flags.tokens).toExponential()} tokens`, '$ for them']),
        ],
        top.map((t, i) => {
          const c = t.breakdown.exposedCommS;
          return [
            ...[String(i + 1), t.label, num(t.tokensPerSecPerGpu, 4), `${(t.mfu * 100).toFixed(1)}%`, num(t.usdPerMillionTokens, 3)],
            ...[num(t.breakdown.bubbleS, 3), num(c.tp + c.pp + c.dp + c.ep + c.cp, 3), `${num(t.memoryGiB.total)} of ${num(t.memoryGiB.capacity)}`],
            ...(t.timeToTrain === undefined ? [] : [num(t.timeToTrain.days, 3), num(t.usdToTrain ?? 0, 3)]),
          ];
        }),
      ),
    );
    out.push('run the best:', `  ${top[0]?.command}`);
    return out.join('\n');
  },
};
