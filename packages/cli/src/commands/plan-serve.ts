/** How `supernode plan serve` prints: the configurations searched and within the SLO, the best ones with their rate and cost, and the `serve` command that runs each. */

import { curveConfigText, type PlanServeReport, type RankedServingPlan } from '@supernode/core';
import { type CommandView, type Flags, jsonOption } from '../command-view.js';
import { heading, num, table } from '../report/table.js';
import { stopwatch, systemFlag } from './plan-train.js';

/** The search's wall time: the view's check runs just before the run, its render just after. */
const clock = stopwatch();

const layout = (c: RankedServingPlan['plan']) => curveConfigText(c, (x) => num(x, 2));

/** The `serve` command that runs a configuration as printed, on the system and GPUs the search ran on. */
export function serveCommandOf(r: PlanServeReport, t: RankedServingPlan, flags: Flags): string {
  return `supernode serve --system ${systemFlag(flags)} --model ${r.model} ${t.serveArgs}`;
}

export const planServeView: CommandView<PlanServeReport> = {
  options: [jsonOption('print {searched, feasible, seconds, top: [{plan, outputTokensPerSecPerGpu, usdPerMillionTokens, command}]}')],
  check: () => clock.start(),
  render(r, flags) {
    const seconds = clock.seconds();
    const top = r.top.map((t) => ({ ...t, command: serveCommandOf(r, t, flags) }));
    if (flags.json) return JSON.stringify({ ...r, seconds, top }, null, 2);
    const out = [
      heading(
        `${r.model} on ${r.system} (${r.gpus} GPUs), ${r.inputTokens} tokens in, ${r.outputTokens} out, TPOT within ${num(r.tpotMs)} ms: ` +
          `${r.searched} configurations priced, ${r.feasible} within, best ${top.length} in ${num(seconds)} s`,
      ),
    ];
    if (top.length === 0) {
      out.push('no configuration meets the TPOT: loosen it, or try more GPUs per replica or a 4-bit format');
      return out.join('\n');
    }
    out.push(
      table(
        ['#', 'configuration', 'output tokens/s per GPU', 'tokens/s per user', 'TPOT (ms)', '$ per M tokens'],
        top.map((t, i) => [
          String(i + 1),
          layout(t.plan),
          num(t.outputTokensPerSecPerGpu, 4),
          num(t.tokensPerSecPerUser),
          num(t.tpotMs),
          num(t.usdPerMillionTokens),
        ]),
      ),
    );
    out.push('run the best:', `  ${top[0]?.command}`);
    return out.join('\n');
  },
};
