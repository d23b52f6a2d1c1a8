/** `supernode validate`: predictions against the published measurements in the project's validation/cases.json. */

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffUpstream, type Fidelity, type PublishedCase, planChecks, validate } from '@supernode/core';
import { UsageError } from '../errors.js';
import { oneOf } from '../options.js';
import { MAX_INPUT_BYTES, readTextFile } from '../read-text.js';
import { heading, num, table } from '../report/table.js';
import { planChecksTable, validationMarkdown } from '../report/validation.js';

export interface ValidateCommandOptions {
  readonly cases?: string;
  readonly fidelity: string;
  readonly filter?: string;
  readonly json?: boolean;
  /** Print the report as a Markdown document (docs/accuracy.md is this output). */
  readonly markdown?: boolean;
  /** An upstream cases file to compare the project's cases with, instead of validating. */
  readonly upstream?: string;
  /** Also check the published production plans against the plan search (seconds more). */
  readonly plans?: boolean;
}

/** The project's cases ship with it: validation/cases.json at the repository root, found from this package, then from the working directory. */
export function defaultCasesFile(): string | undefined {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const candidates = [join(repo, 'validation', 'cases.json'), resolve('validation', 'cases.json')];
  return candidates.find((c) => existsSync(c));
}

/** A file as a reader should see it: relative to the working directory with forward slashes where it lies below it, else as given. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** A cases file as an array of cases; an unreadable or malformed file is a usage error that names it. */
export function readCasesFile(file: string): PublishedCase[] {
  const text = readTextFile(file, 'cases', MAX_INPUT_BYTES);
  let cases: unknown;
  try {
    cases = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`cannot read cases file '${file}': ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(cases)) throw new UsageError(`cases file '${file}': expected a JSON array of cases`);
  const bad = cases.findIndex((c) => typeof c !== 'object' || c === null || typeof c.id !== 'string' || typeof c.kind !== 'string');
  if (bad >= 0) throw new UsageError(`cases file '${file}': case ${bad}: expected an object with a string id and kind`);
  return cases as PublishedCase[];
}

export function runValidate(o: ValidateCommandOptions): string {
  const fidelity = oneOf<Fidelity>('--fidelity', o.fidelity, ['analytical', 'flow']);
  const file = o.cases ?? defaultCasesFile();
  if (!file) throw new UsageError('cannot find validation/cases.json in the repository; pass --cases <file>');
  const cases = readCasesFile(file);
  if (o.upstream !== undefined) return upstreamReport(cases, readCasesFile(o.upstream), file, o.upstream);
  const report = validate(cases, { fidelity, ...(o.filter === undefined ? {} : { filter: o.filter }) });
  const checks = o.plans ? planChecks(cases, o.filter) : undefined;
  if (o.json) return JSON.stringify(checks ? { ...report, planChecks: checks } : report, null, 2);
  if (o.markdown) return validationMarkdown(report, displayPath(file), o.fidelity, checks);
  const out = [heading(`validation against ${file} (${o.fidelity} fidelity)`)];
  out.push(
    table(
      ['case', 'setup', 'predicted', 'published', 'unit', 'error'],
      report.cases.map((r) => [
        r.id + (r.unverified ? ' (unverified)' : ''),
        r.setup,
        num(r.predicted, 4),
        num(r.published, 4),
        r.unit,
        `${r.errorPct >= 0 ? '+' : ''}${r.errorPct.toFixed(1)}%`,
      ]),
    ),
  );
  const m = report.medianAbsErrorPct;
  const pct = (v: number | null) => (v === null ? 'no cases' : `${v.toFixed(1)}%`);
  const count = (kind: string, set?: string) => report.cases.filter((r) => r.kind === kind && (set === undefined || r.set === set)).length;
  out.push(
    `median |error|: collective ${pct(m.collective)} (large messages ${pct(report.medianAbsErrorPctLargeCollective)}), training ${pct(m.training)}, inference ${pct(m.inference)}, reliability ${pct(m.reliability)}`,
  );
  for (const set of ['dev', 'holdout'] as const) {
    const s = report.medianAbsErrorPctBySet[set];
    const label = set === 'dev' ? 'dev set (calibration may fit these)' : 'held-back set (never fitted)';
    out.push(
      `  ${label}: collective ${pct(s.collective)} over ${count('collective', set)}, training ${pct(s.training)} over ${count('training', set)}, inference ${pct(s.inference)} over ${count('inference', set)}, reliability ${pct(s.reliability)} over ${count('reliability', set)}`,
    );
  }
  // Kernel cases check one mechanism each (a GEMM, an attention kernel, a dispatch): apart from the end-to-end kinds.
  const k = report.medianAbsErrorPctBySet;
  out.push(
    `kernel mechanisms, one measured kernel each (not end to end): ${pct(m.kernel)} over ${count('kernel')}; dev ${pct(k.dev.kernel)} over ${count('kernel', 'dev')}, held back ${pct(k.holdout.kernel)} over ${count('kernel', 'holdout')}`,
  );
  if (checks) out.push(heading('published production plans against the plan search'), planChecksTable(checks, table));
  const skippedModels = report.skipped.filter((s) => !s.reason.startsWith('a hardware fact'));
  const specs = report.skipped.length - skippedModels.length;
  out.push(heading(`skipped ${report.skipped.length} cases (${specs} hardware specs used as preset inputs)`));
  out.push(
    table(
      ['case', 'reason'],
      skippedModels.map((s) => [s.id, s.reason]),
    ),
  );
  return out.join('\n');
}

/** Which upstream cases the project lacks or holds with other content, for copying new published cases in. */
function upstreamReport(project: readonly PublishedCase[], upstream: readonly PublishedCase[], projectFile: string, upstreamFile: string): string {
  const d = diffUpstream(project, upstream);
  const lines = [`${upstreamFile} against ${projectFile}: ${d.same} cases the same, ${d.missing.length} missing here, ${d.changed.length} changed`];
  for (const id of d.missing) lines.push(`  missing  ${id}`);
  for (const id of d.changed) lines.push(`  changed  ${id}`);
  return lines.join('\n');
}
