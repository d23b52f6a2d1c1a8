/** `supernode validate`: predictions against the published measurements in shared/validation/dev.json. */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevCase, type Fidelity, validate } from '@supernode/core';
import { UsageError } from '../errors.js';
import { oneOf } from '../options.js';
import { heading, num, table } from '../report/table.js';

export interface ValidateCommandOptions {
  readonly cases?: string;
  readonly fidelity: string;
  readonly filter?: string;
  readonly json?: boolean;
}

/** dev.json sits in shared/ beside the repository: found from this package, then from the working directory. */
export function defaultCasesFile(): string | undefined {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const candidates = [
    join(repo, '..', 'shared', 'validation', 'dev.json'),
    resolve('..', 'shared', 'validation', 'dev.json'),
    resolve('shared', 'validation', 'dev.json'),
  ];
  return candidates.find((c) => existsSync(c));
}

export function runValidate(o: ValidateCommandOptions): string {
  const fidelity = oneOf<Fidelity>('--fidelity', o.fidelity, ['analytical', 'flow']);
  const file = o.cases ?? defaultCasesFile();
  if (!file) throw new UsageError('cannot find shared/validation/dev.json beside the repository; pass --cases <file>');
  let cases: DevCase[];
  try {
    cases = JSON.parse(readFileSync(file, 'utf8')) as DevCase[];
  } catch (error) {
    throw new UsageError(`cannot read cases file '${file}': ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(cases)) throw new UsageError(`cases file '${file}': expected a JSON array of cases`);
  const report = validate(cases, { fidelity, ...(o.filter === undefined ? {} : { filter: o.filter }) });
  if (o.json) return JSON.stringify(report, null, 2);
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
  out.push(
    `median |error|: collective ${pct(m.collective)} (large messages ${pct(report.medianAbsErrorPctLargeCollective)}), training ${pct(m.training)}, inference ${pct(m.inference)}`,
  );
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
