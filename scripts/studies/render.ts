/** A study as docs/studies.md quotes it (question, scenario, commands, tables from its expected figures), and the splice into that file. */

import { markdownTable } from '../../packages/cli/src/report/markdown.js';
import { num } from '../../packages/cli/src/report/table.js';
import { type Figure, formatPath, matchPrefix, parsePath } from './paths.js';
import { type Study, type StudyColumn, type StudyTable, shellWords } from './study-file.js';

/** A word as a shell reads it back: quoted where it holds anything but plain characters. */
const shellQuote = (w: string) => (/^[\w./:=,@%+-]+$/.test(w) ? w : `'${w}'`);

/** A command for a reader: `npx` first, `{scratch}/` dropped (files land in the current folder), wrapped before `--` options past about 100 columns. */
export function displayCommand(run: string): string {
  const shown = shellWords(run).map((w) => shellQuote(w.replaceAll('{scratch}/', '')));
  const lines: string[] = [`npx ${shown[0]}`];
  for (const w of shown.slice(1)) {
    const last = lines.length - 1;
    if (w.startsWith('--') && (lines[last] as string).length + w.length > 100) lines.push(`    ${w}`);
    else lines[last] = `${lines[last]} ${w}`;
  }
  return lines.join(' \\\n');
}

/** A row's variables: `row` (the matched path) and `1`, `2`... (what each wildcard matched) for a pattern, or the row as written. */
type Row = Readonly<Record<string, string>>;

function tableRows(study: Study, t: StudyTable): Row[] {
  if (typeof t.rows !== 'string') return t.rows.map((r) => (typeof r === 'string' ? { row: r } : r));
  const pattern = parsePath(t.rows);
  const rows = new Map<string, Row>();
  for (const key of study.expected.keys()) {
    const segments = parsePath(key);
    const wild = matchPrefix(segments, pattern);
    const row = formatPath(segments.slice(0, pattern.length));
    if (wild && !rows.has(row)) rows.set(row, { row, ...Object.fromEntries(wild.map((w, i) => [String(i + 1), w])) });
  }
  if (rows.size === 0) throw new Error(`${study.file}: table rows '${t.rows}' match no expected figure (run npm run studies:update)`);
  return [...rows.values()];
}

/** A template with the row's variables filled in; a variable the row lacks is an error. */
function fill(study: Study, template: string, r: Row): string {
  return template.replace(/\{([\w-]+)\}/g, (_, name: string) => {
    const v = r[name];
    if (v === undefined) throw new Error(`${study.file}: '${template}' names {${name}}, which the row (${JSON.stringify(r)}) lacks`);
    return v;
  });
}

function figureAt(study: Study, c: StudyColumn, r: Row): Figure {
  if (c.text !== undefined) return fill(study, c.text, r);
  const key = fill(study, c.path as string, r);
  const v = study.expected.get(key);
  if (v === undefined) throw new Error(`${study.file}: column '${c.label}' reads '${key}', which no command keeps (or run npm run studies:update)`);
  return v;
}

function formatNumber(c: StudyColumn, v: number): string {
  const scaled = v * (c.scale ?? 1);
  const body = c.percent !== undefined ? `${(scaled * 100).toFixed(c.percent)}%` : num(scaled, c.digits ?? 3);
  return `${c.prefix ?? ''}${body}${c.suffix ?? ''}`;
}

function cell(c: StudyColumn, v: Figure, base: Figure | undefined): string {
  if (c.change !== undefined) {
    if (base === undefined) return '-';
    if (typeof v !== 'number' || typeof base !== 'number') throw new Error(`column '${c.label}': a change needs numbers`);
    // No change can be stated from nothing (a design that reaches no point there): the cell says so instead of NaN%.
    if (base === 0) return '-';
    const change = v / base - 1;
    return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
  }
  if (typeof v === 'number') return formatNumber(c, v);
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v === null ? '-' : String(v);
}

export function renderTable(study: Study, t: StudyTable): string {
  const rows = tableRows(study, t);
  const values = rows.map((r) => t.columns.map((c) => figureAt(study, c, r)));
  const body = values.map((row, i) =>
    t.columns.map((c, j) => {
      const base = c.change === 'first' ? (i === 0 ? undefined : values[0]?.[j]) : c.change === 'previous' ? values[i - 1]?.[j] : undefined;
      return cell(c, row[j] as Figure, base);
    }),
  );
  const right = t.columns.map((_, j) => j).filter((j) => typeof values[0]?.[j] === 'number');
  const table = markdownTable(
    t.columns.map((c) => c.label),
    body,
    right,
  );
  return t.caption ? `${t.caption}\n\n${table}` : table;
}

/** The block docs/studies.md holds between a study's markers. */
export function renderStudy(study: Study): string {
  const commands = study.commands.map((c) => displayCommand(c.run)).join('\n');
  return [
    `**Question.** ${study.question}`,
    '',
    `**Scenario.** ${study.scenario}`,
    '',
    '```sh',
    commands,
    '```',
    ...study.tables.flatMap((t) => ['', renderTable(study, t)]),
    '',
    `<sub>Figures from [studies/${study.name}.yaml](../studies/${study.name}.yaml), which \`npm test\` checks against a fresh run of the commands`,
    `(relative tolerance ${study.tolerance.toExponential()}); \`npm run studies:update\` refreshes them and this block.</sub>`,
  ].join('\n');
}

const open = (name: string) => `<!-- study: ${name} -->`;
const close = (name: string) => `<!-- /study: ${name} -->`;

/** `doc` with the block of every study replaced; each study must have one block and each block a study. */
export function spliceStudies(doc: string, studies: readonly Study[]): string {
  const named = [...doc.matchAll(/<!-- study: ([\w-]+) -->/g)].map((m) => m[1] as string);
  const unknown = named.filter((n) => !studies.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`docs/studies.md has blocks for studies that do not exist: ${unknown.join(', ')}`);
  let out = doc;
  for (const s of studies) {
    const start = out.indexOf(open(s.name));
    const end = out.indexOf(close(s.name));
    if (start < 0 || end < start) throw new Error(`docs/studies.md lacks the block '${open(s.name)}' ... '${close(s.name)}' for ${s.file}`);
    out = `${out.slice(0, start)}${open(s.name)}\n${renderStudy(s)}\n${out.slice(end)}`;
  }
  return out;
}
