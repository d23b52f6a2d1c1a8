/** How `supernode plan serve` prints: the configurations searched and within the SLO, the best ones with their rate and cost, and the `serve` command that runs each. */

import type { PlanServeReport, RankedServingPlan } from '@supernode/core';
import { type CommandView, type Flags, jsonOption } from '../command-view.js';
import { heading, num, table } from '../report/table.js';
import { systemFlag } from './plan-train.js';

/** When the search started: the view's check runs just before it. */
let started = 0;

const layout = (c: RankedServingPlan['plan']) =>
  `TP ${c.tp}${c.dpAttention > 1 ? ` x DP-attention ${c.dpAttention}` : ''}${c.ep ? ' EP' : ''}, ${c.precision}${c.mtp ? ' + MTP' : ''}, ` +
  `${c.pd ? `disaggregated (${num(c.prefillGpusPerDecodeGpu, 2)} prefill GPUs a decode GPU)` : 'mixed'}, batch ${c.batchPerGroup}`;

/**
 * The `serve` run of a configuration at its steady rate: its layout, format and MTP, every replica's batch cap, the
 * prefill tokens an iteration the curve priced (8,192 or a whole prompt per attention group), and for a disaggregated
 * one its replicas split as the curve balanced them; 30 s of arrivals, within serve's default work.
 */
export function serveCommandOf(r: PlanServeReport, t: RankedServingPlan, flags: Flags): string {
  const c = t.plan;
  const replicas = Math.max(1, Math.floor(r.gpus / c.gpusPerReplica));
  const prefill = Math.min(replicas - 1, Math.max(1, Math.round((replicas * c.prefillGpusPerDecodeGpu) / (1 + c.prefillGpusPerDecodeGpu))));
  const pd = c.pd && replicas >= 2 ? ` --pd ${prefill}:${replicas - prefill}` : '';
  const budget = Math.max(r.inputTokens, 8192) * c.dpAttention;
  const requests = Math.min(50_000, Math.max(500, Math.round(t.requestsPerSec * 30)));
  return (
    `supernode serve --system ${systemFlag(flags)} --model ${r.model} --tp ${c.tp} --dp-attention ${c.dpAttention}${c.ep ? ' --ep --overlap' : ''} ` +
    `--precision ${c.precision} --kv-precision ${c.precision === 'bf16' ? 'bf16' : 'fp8'}${c.mtp ? ' --mtp' : ''}${pd} --max-seqs ${c.batchPerGroup * c.dpAttention} ` +
    `--token-budget ${budget} --input-len ${r.inputTokens} --output-len ${r.outputTokens} --rate ${Number(t.requestsPerSec.toPrecision(4))} --requests ${requests}`
  );
}

export const planServeView: CommandView<PlanServeReport> = {
  options: [jsonOption('print {searched, feasible, seconds, top: [{plan, outputTokensPerSecPerGpu, usdPerMillionTokens, command}]}')],
  check: () => {
    started = performance.now();
  },
  render(r, flags) {
    const seconds = (performance.now() - started) / 1000;
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
