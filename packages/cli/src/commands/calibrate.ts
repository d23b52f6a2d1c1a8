/** `supernode calibrate`: fits a system's collective constants to nccl-tests logs and writes a scenario that carries them, each with its fit set and residual. */

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  type Calibration,
  COLLECTIVE_OPS,
  type CollectiveOp,
  calibrate,
  formatBytes,
  grouped,
  type NcclTestsRun,
  parseNcclTests,
  readScenarioInput,
  systemPresets,
  yamlText,
} from '@supernode/core';
import { UsageError } from '../errors.js';
import { loadSystemSpec, relativeTo } from '../load-system.js';
import { oneOf } from '../options.js';
import { readTextFile } from '../read-text.js';
import { heading, table } from '../report/table.js';

/** An nccl-tests log of a full sweep is some 10 kB; this leaves room for long rank lists and many runs' worth of lines. */
const MAX_LOG_BYTES = 4 * 2 ** 20;

export interface CalibrateCommandOptions {
  readonly system: string;
  readonly op?: string;
  readonly ranks?: number;
  readonly inPlace?: boolean;
  readonly out?: string;
  readonly json?: boolean;
}

export function runCalibrate(logs: readonly string[], opts: CalibrateCommandOptions): string {
  const op = opts.op === undefined ? undefined : (oneOf('--op', opts.op, COLLECTIVE_OPS) as CollectiveOp);
  // The system first: a wrong name fails before any log is read.
  loadSystemSpec(opts.system);
  const input = systemInput(opts.system);
  const runs: NcclTestsRun[] = logs.map((file) =>
    parseNcclTests(readTextFile(file, 'nccl-tests log', MAX_LOG_BYTES), file, {
      ...(op === undefined ? {} : { op }),
      ...(opts.ranks === undefined ? {} : { ranks: opts.ranks }),
    }),
  );
  const result = calibrate(input, runs, { ...(opts.inPlace ? { inPlace: true } : {}) });
  const out = opts.out ?? `${basename(opts.system).replace(/\.(ya?ml|json)$/i, '')}-calibrated.yaml`;
  writeFileSync(out, scenarioText(opts.system, input, runs, result));
  if (opts.json) return JSON.stringify({ ...result, scenario: out }, null, 2);
  return report(opts.system, runs, result, out);
}

/** The fields a scenario of `ref` starts from: a preset's input, or the file's with its `extends:` merged in. */
function systemInput(ref: string): Record<string, unknown> {
  if (systemPresets.has(ref)) return systemPresets.get(ref).input as Record<string, unknown>;
  return readScenarioInput(readTextFile(ref, 'scenario'), ref, relativeTo(ref));
}

/** What the fit saw, for each value's comment: the logs' tools, ranks and sizes. */
function fitSet(runs: readonly NcclTestsRun[]): string {
  return runs
    .map((r) => {
      const sizes = r.rows.map((row) => row.bytes);
      return `${basename(r.file)} (${r.tool}, ${r.ranks} ranks on ${r.hosts} host${r.hosts > 1 ? 's' : ''}, ${r.rows.length} sizes ${formatBytes(Math.min(...sizes))}-${formatBytes(Math.max(...sizes))})`;
    })
    .join(', ');
}

/**
 * The calibrated scenario: `extends` the preset, or the file's whole design (a scenario extends presets only), with the
 * fitted fields, each commented with its fit set and the error before and after.
 */
function scenarioText(ref: string, input: Record<string, unknown>, runs: readonly NcclTestsRun[], c: Calibration): string {
  const preset = systemPresets.has(ref);
  const name = `${String(input.name ?? ref)}-calibrated`;
  const header = [
    ` Calibrated by supernode calibrate on ${fitSet(runs)}: median |error| over ${c.sizes.length} sizes ${c.medianErrorPctBefore.toFixed(1)}% -> ${c.medianErrorPctAfter.toFixed(1)}%.`,
    ...(c.untouched.length > 0 ? [` Left as they were (no size depends on them): ${c.untouched.join(', ')}.`] : []),
  ].join('\n');
  const comments = c.constants.map((k) => ({
    path: k.path,
    text: `fitted (was ${Number(k.before.toPrecision(4))}): ${k.label}; fit set ${fitSet(runs)}; median |error| after ${c.medianErrorPctAfter.toFixed(2)}%`,
  }));
  return yamlText(preset ? { extends: ref, name, ...c.fields } : { ...mergeFields(input, c.fields), name }, { header, comments });
}

function mergeFields(input: Record<string, unknown>, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const [k, v] of Object.entries(fields)) {
    const before = out[k];
    out[k] =
      typeof v === 'object' && v !== null && typeof before === 'object' && before !== null
        ? mergeFields(before as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

const pct = (predicted: number, measured: number) => `${((predicted / measured - 1) * 100).toFixed(1)}%`;
const us = (s: number) => (s * 1e6 < 1000 ? (s * 1e6).toPrecision(4) : grouped(Math.round(s * 1e6)));

function report(ref: string, runs: readonly NcclTestsRun[], c: Calibration, out: string): string {
  const sizes = table(
    ['log', 'size', 'measured (us)', 'before (us)', 'error', 'after (us)', 'error'],
    c.sizes.map((s) => [
      `${basename(s.file)}:${s.line}`,
      formatBytes(s.bytes),
      us(s.measuredS),
      us(s.beforeS),
      pct(s.beforeS, s.measuredS),
      us(s.afterS),
      pct(s.afterS, s.measuredS),
    ]),
  );
  const constants = table(
    ['constant', 'before', 'after', 'what it is'],
    c.constants.map((k) => [k.path.join('.'), String(Number(k.before.toPrecision(4))), String(Number(k.after.toPrecision(4))), k.label]),
  );
  if (c.constants.length === 0) throw new UsageError(`no constant of ${ref} moves any of the logs' times: nothing to fit`);
  return [
    heading(`${ref} calibrated on ${fitSet(runs)}`),
    `median |error| over ${c.sizes.length} sizes: ${c.medianErrorPctBefore.toFixed(2)}% before, ${c.medianErrorPctAfter.toFixed(2)}% after (${c.evaluations} evaluations)`,
    constants,
    ...(c.untouched.length > 0 ? [`left as they were (no size depends on them): ${c.untouched.join(', ')}`] : []),
    sizes,
    `wrote ${out}: npx supernode collective --system ${out} --op ${runs[0]?.op ?? 'allreduce'} --group 0-${(runs[0]?.ranks ?? 8) - 1} --fidelity analytical`,
  ].join('\n');
}
