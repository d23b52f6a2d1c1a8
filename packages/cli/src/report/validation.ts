/** The validation report as a Markdown document: medians per set and kind, then per set a table of cases per kind, then the skipped cases. */

import type { CaseSet, PlanCheck, ValidationReport, ValidationRow } from '@supernode/core';
import { markdownTable } from './markdown.js';
import { num } from './table.js';

type ValidatedKind = ValidationRow['kind'];

/** End-to-end kinds first; `kernel` (one measured kernel each, a mechanism check) last and apart. */
const KINDS: readonly ValidatedKind[] = ['collective', 'training', 'inference', 'reliability', 'kernel'];
const KIND_TITLES: Readonly<Record<ValidatedKind, string>> = {
  collective: 'collective',
  training: 'training',
  inference: 'inference',
  reliability: 'reliability',
  kernel: 'kernel (one kernel each, not end to end)',
};
const SETS: readonly { set: CaseSet; title: string; note: string }[] = [
  { set: 'dev', title: 'Dev set', note: 'The cases the calibration constants may be fitted on.' },
  { set: 'holdout', title: 'Held-back set', note: 'Published cases nothing is fitted on: they say whether the fits carry.' },
];

const pct = (v: number | null) => (v === null ? 'no cases' : `${v.toFixed(1)}%`);
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;

const count = (report: ValidationReport, kind: ValidatedKind, set?: CaseSet) =>
  report.cases.filter((r) => r.kind === kind && (set === undefined || r.set === set)).length;

/** The median over a set and kind, as the report computed it, with its case count. */
function medianCell(report: ValidationReport, kind: ValidatedKind, set?: CaseSet): string {
  const n = count(report, kind, set);
  const m = set === undefined ? report.medianAbsErrorPct[kind] : report.medianAbsErrorPctBySet[set][kind];
  return n === 0 ? 'no cases' : `${pct(m)} over ${n}`;
}

function mediansTable(report: ValidationReport): string {
  const large = report.medianAbsErrorPctLargeCollective;
  return markdownTable(
    ['set', ...KINDS.map((k) => KIND_TITLES[k])],
    [
      ...SETS.map(({ set, title }) => [title, ...KINDS.map((k) => medianCell(report, k, set))]),
      ['all', ...KINDS.map((k) => medianCell(report, k) + (k === 'collective' && large !== null ? ` (large messages ${pct(large)})` : ''))],
    ],
  );
}

function casesTable(rows: readonly ValidationRow[]): string {
  return markdownTable(
    ['case', 'setup', 'published', 'predicted', 'unit', 'error'],
    rows.map((r) => [r.id + (r.unverified ? ' (unverified)' : ''), r.setup, num(r.published, 4), num(r.predicted, 4), r.unit, signed(r.errorPct)]),
    [2, 3, 5],
  );
}

/** `casesLabel` names the cases file as the reader should see it (a path relative to the repository). */
/** The plan checks as rows of a table (terminal or Markdown): the run, the published plan's rank and rates, the best found, the verdict. */
export function planChecksTable(checks: readonly PlanCheck[], render: (head: string[], rows: string[][]) => string): string {
  return render(
    ['run', 'fits', 'rank', 'published (tokens/s per GPU)', 'best found', 'best plan', 'verdict'],
    checks.map((c) => [
      `${c.id}: ${c.setup}`,
      c.fits ? 'yes' : 'no',
      `${c.rank} of ${c.priced}`,
      c.publishedTokensPerSecPerGpu.toPrecision(4),
      c.bestTokensPerSecPerGpu.toPrecision(4),
      c.bestPlan,
      c.pass ? 'pass' : c.bestTokensPerSecPerGpu < c.publishedTokensPerSecPerGpu ? 'fail: the search misses it' : 'fail: ranks below 10',
    ]),
  );
}

export function validationMarkdown(report: ValidationReport, casesLabel: string, fidelity: string, checks?: readonly PlanCheck[]): string {
  const out = [
    '# Accuracy',
    '',
    `Every case of \`${casesLabel}\` the model can express, run at ${fidelity} fidelity: the published figure, the prediction and the`,
    'error, (predicted - published) / published. Each case names its source in that file. Printed by `supernode validate --markdown`',
    '(`npm run docs` writes it to docs/accuracy.md); do not edit by hand.',
    '',
    '## Median |error|',
    '',
    mediansTable(report),
  ];
  for (const { set, title, note } of SETS) {
    out.push('', `## ${title}`, '', note);
    for (const kind of KINDS) {
      const rows = report.cases.filter((r) => r.set === set && r.kind === kind);
      if (rows.length === 0) continue;
      out.push('', `### ${title}, ${KIND_TITLES[kind]}: median |error| ${medianCell(report, kind, set)}`, '', casesTable(rows));
    }
  }
  if (checks) {
    out.push(
      '',
      '## Published production plans against the plan search',
      '',
      `For each production run whose plan is public (the training cases above, their sources in the cases file), \`plan train\` searches the run's system, model, sequence and batch with the run's framework options. A check passes when the published plan fits, ranks among the best ${10} the search ranks (rank: 1 + the plans priced faster than it that no other plan beats on both speed and memory; of: how many such plans the search kept), and the best plan found is priced no slower. ${checks.filter((c) => c.pass).length} of ${checks.length} pass.`,
      '',
      planChecksTable(checks, markdownTable),
    );
  }
  const specs = report.skipped.filter((s) => s.reason.startsWith('a hardware fact'));
  const others = report.skipped.filter((s) => !s.reason.startsWith('a hardware fact'));
  out.push('', '## Skipped', '', `${specs.length} cases are hardware facts the presets take as inputs. The others:`, '');
  out.push(
    markdownTable(
      ['case', 'reason'],
      others.map((s) => [s.id, s.reason]),
    ),
  );
  return out.join('\n');
}
