/** How `supernode curve` (and `serve --curve`) prints: the envelope of tokens/s per GPU against tokens/s per user, its configurations, and with --compare the ratio to other systems at equal GPU count. */

import { type AnyCommand, CURVE_LEVELS, type Curve, type CurvePoint, curveCommand, curveConfigText, parseArgs, ratioAt, throughputAt } from '@supernode/core';
import { Option } from 'commander';
import { type CommandView, type Flags, jsonOption } from '../command-view.js';
import { UsageError } from '../errors.js';
import { argsFromFlags } from '../flags.js';
import { loadSystem } from '../load-system.js';
import { readUserFile } from '../read-text.js';
import { heading, num, table } from '../report/table.js';

const configText = (p: CurvePoint) => curveConfigText(p.config, (x) => num(x, 2));

/** The other systems' curves at the primary's GPU count, and the ratio of the primary's envelope to the first's. */
function compare(curve: Curve, flags: Flags): Record<string, unknown> {
  const refs = String(flags.compare)
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (refs.length === 0)
    throw new UsageError(`option --compare: expected systems (presets or scenario files, comma-separated), received '${String(flags.compare)}'`);
  const args = parseArgs(curveCommand.args, argsFromFlags(curveCommand as AnyCommand, flags));
  const others = refs.map((ref) => {
    const system = loadSystem(ref, curve.gpus);
    const other = curveCommand.run(system, args, { readText: readUserFile });
    return { system: other.system, gpus: other.gpus, envelope: other.envelope, ratioAt: ratioAt(curve.envelope, other.envelope, CURVE_LEVELS) };
  });
  return { compare: others, ratioAt: others[0]?.ratioAt ?? [] };
}

export const curveView: CommandView<Curve> = {
  options: [
    jsonOption('print {points: [{tokensPerSecPerUser, outputTokensPerSecPerGpu, config}], envelope: [...]}'),
    new Option(
      '--compare <systems>',
      "the same curve on other systems (presets or scenario files, comma-separated) at this one's GPU count, and the ratio at 20, 50 and 100 tokens/s per user",
    ),
  ],
  render(curve, flags) {
    const compared = flags.compare === undefined ? undefined : compare(curve, flags);
    if (flags.json) return JSON.stringify({ ...curve, ...compared }, null, 2);
    const out = [
      heading(
        `${curve.model} on ${curve.system} (${curve.gpus} GPUs), ${curve.inputTokens} tokens in, ${curve.outputTokens} out: ${curve.points.length} configurations, ${curve.envelope.length} on the envelope`,
      ),
      table(
        ['tokens/s per user', 'output tokens/s per GPU', 'TPOT (ms)', 'configuration'],
        curve.envelope.map((p) => [num(p.tokensPerSecPerUser), num(p.outputTokensPerSecPerGpu), num(p.tpotMs), configText(p)]),
      ),
      `at ${CURVE_LEVELS.join(', ')} tokens/s per user: ${CURVE_LEVELS.map((l) => num(throughputAt(curve.envelope, l))).join(', ')} output tokens/s per GPU`,
      ...(curve.noFit ? [curve.noFit] : []),
    ];
    for (const c of (compared?.compare ?? []) as { system: string; ratioAt: { tokensPerSecPerUser: number; ratio: number | null }[] }[]) {
      out.push(
        `against ${c.system}: ${c.ratioAt.map((r) => `${r.ratio === null ? 'only this system reaches' : `${num(r.ratio, 3)}x`} at ${r.tokensPerSecPerUser}`).join(', ')} tokens/s per user`,
      );
    }
    return out.join('\n');
  },
};
