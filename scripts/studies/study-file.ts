/** A study file (studies/<name>.yaml): the question, its scenario, the exact commands, the tables docs/studies.md quotes, and the expected figures. */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Document, isSeq, parse, visit } from 'yaml';
import { type Figure, parsePath } from './paths.js';

/** One command of a study: run as typed after `npx`, and the paths of its JSON output whose figures are checked. */
export interface StudyCommand {
  /** Names the command's figures (`<id>.<path>`) and, in table paths, its output. */
  readonly id: string;
  /** `supernode ...`, words as a shell splits them; `{scratch}` is a folder for the command's files. */
  readonly run: string;
  readonly keep: readonly string[];
}

/**
 * A column of a quoted table: a figure path or a text, templates over the row's variables (`{row}`, and `{1}`, `{2}`...
 * for what a row pattern's wildcards matched, or the keys of a row written out), and how to print a number.
 */
export interface StudyColumn {
  readonly label: string;
  /** Exactly one of `path` and `text`. */
  readonly path?: string;
  readonly text?: string;
  /** Significant digits of a number (default 3; thousands print whole). */
  readonly digits?: number;
  /** Print the number times 100 with this many decimals and a % sign. */
  readonly percent?: number;
  /** Multiply the number by this first (1e-6 for millions). */
  readonly scale?: number;
  readonly prefix?: string;
  readonly suffix?: string;
  /** Print the signed change against the first row or the previous one instead of the value. */
  readonly change?: 'first' | 'previous';
}

/** A row written out: its variables, `row` among them by convention. */
export type StudyRow = Readonly<Record<string, string>>;

export interface StudyTable {
  readonly caption?: string;
  /** A pattern over the figures (`tiers.*`: one row per match, in output order), or the rows written out: names (`{row}`) or variables. */
  readonly rows: string | readonly (string | StudyRow)[];
  readonly columns: readonly StudyColumn[];
}

export interface Study {
  readonly file: string;
  /** The file's name without `.yaml`: docs/studies.md marks its quoted block with it. */
  readonly name: string;
  readonly title: string;
  readonly question: string;
  readonly scenario: string;
  /** Largest relative difference a number may show against its expected value. */
  readonly tolerance: number;
  readonly commands: readonly StudyCommand[];
  readonly tables: readonly StudyTable[];
  /** By `<command id>.<path>`, as `npm run studies:update` last wrote them; empty before the first update. */
  readonly expected: ReadonlyMap<string, Figure>;
}

export const DEFAULT_TOLERANCE = 1e-6;

const EXPECTED_HEADER = [
  '# The figures the commands above print, by command id and path: written by `npm run studies:update`, checked by',
  '# test/studies.test.ts. Everything from here down is generated.',
];

/**
 * A command line's words as a POSIX shell splits them, for the quoting studies use: single quotes, double quotes
 * (no escapes inside), a backslash before one character. Example: `a 'b;c' "d e"` -> ['a', 'b;c', 'd e'].
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`command '${line}': a ${ch} is not closed`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i++;
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

function text(file: string, o: Record<string, unknown>, key: string, where = ''): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') fail(file, `${where}${key}: expected text, received ${JSON.stringify(v)}`);
  return v.trim().replace(/\s+/g, ' ');
}

function list(file: string, v: unknown, where: string): unknown[] {
  if (!Array.isArray(v) || v.length === 0) fail(file, `${where}: expected a non-empty list, received ${JSON.stringify(v)}`);
  return v;
}

function record(file: string, v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, `${where}: expected a mapping, received ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

function command(file: string, v: unknown, i: number): StudyCommand {
  const where = `commands.${i}.`;
  const o = record(file, v, `commands.${i}`);
  const id = text(file, o, 'id', where);
  if (!/^[a-z][a-z0-9-]*$/.test(id)) fail(file, `${where}id: expected lower-case words joined by '-', received '${id}'`);
  const run = text(file, o, 'run', where);
  if (shellWords(run)[0] !== 'supernode') fail(file, `${where}run: expected a command starting 'supernode ', received '${run}'`);
  const keep = list(file, o.keep, `${where}keep`).map((k, j) => {
    if (typeof k !== 'string') fail(file, `${where}keep.${j}: expected a path, received ${JSON.stringify(k)}`);
    parsePath(k);
    return k;
  });
  return { id, run, keep };
}

function table(file: string, v: unknown, i: number): StudyTable {
  const o = record(file, v, `tables.${i}`);
  const rows = o.rows;
  const isRow = (r: unknown) => typeof r === 'string' || (typeof r === 'object' && r !== null && Object.values(r).every((v) => typeof v === 'string'));
  if (!(typeof rows === 'string' || (Array.isArray(rows) && rows.every(isRow))))
    fail(file, `tables.${i}.rows: expected a pattern such as 'tiers.*', or a list of row names or of mappings from variables to text`);
  const columns = list(file, o.columns, `tables.${i}.columns`).map((c, j) => {
    const col = record(file, c, `tables.${i}.columns.${j}`);
    text(file, col, 'label', `tables.${i}.columns.${j}.`);
    if ((col.path === undefined) === (col.text === undefined)) fail(file, `tables.${i}.columns.${j}: expected a path or a text`);
    text(file, col, col.path === undefined ? 'text' : 'path', `tables.${i}.columns.${j}.`);
    if (col.change !== undefined && col.change !== 'first' && col.change !== 'previous')
      fail(file, `tables.${i}.columns.${j}.change: expected first or previous`);
    return col as unknown as StudyColumn;
  });
  return { ...(typeof o.caption === 'string' ? { caption: o.caption.trim() } : {}), rows: rows as StudyTable['rows'], columns };
}

export function parseStudy(source: string, file: string): Study {
  const o = record(file, parse(source), '(top)');
  const keys = Object.keys(o);
  if (keys.includes('expected') && keys.at(-1) !== 'expected') fail(file, 'expected: must be the last key (it is generated)');
  const tolerance = o.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1))
    fail(file, `tolerance: expected a relative difference in [0, 1), received ${JSON.stringify(tolerance)}`);
  const commands = list(file, o.commands, 'commands').map((c, i) => command(file, c, i));
  const ids = commands.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) fail(file, `commands: the id '${twice}' is used twice`);
  const expected = new Map(Object.entries(o.expected === undefined || o.expected === null ? {} : record(file, o.expected, 'expected')) as [string, Figure][]);
  return {
    file,
    name: basename(file, '.yaml'),
    title: text(file, o, 'title'),
    question: text(file, o, 'question'),
    scenario: text(file, o, 'scenario'),
    tolerance,
    commands,
    tables: o.tables === undefined ? [] : list(file, o.tables, 'tables').map((t, i) => table(file, t, i)),
    expected,
  };
}

export function readStudy(file: string): Study {
  return parseStudy(readFileSync(file, 'utf8'), file);
}

/** The `expected:` section for these figures: one line per figure, lists inline, numbers as JavaScript prints them (they round-trip). */
export function expectedSection(figures: ReadonlyMap<string, Figure>): string {
  const doc = new Document({ expected: new Map(figures) });
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node)) node.flow = true;
    },
  });
  return [...EXPECTED_HEADER, doc.toString({ lineWidth: 0, flowCollectionPadding: false })].join('\n');
}

/** Rewrites the study file's generated `expected:` section, keeping everything above it byte for byte. */
export function writeExpected(study: Study, figures: ReadonlyMap<string, Figure>): void {
  const source = readFileSync(study.file, 'utf8');
  const cut = source.indexOf(`\n${EXPECTED_HEADER[0]}`);
  const kept = cut >= 0 ? source.slice(0, cut + 1) : source.endsWith('\n') ? source : `${source}\n`;
  const next = `${kept}${expectedSection(figures)}`;
  parseStudy(next, study.file);
  writeFileSync(study.file, next);
}

/** Every study of the repository (studies/*.yaml, relative to the root), in name order. */
export function studyFiles(): string[] {
  return readdirSync('studies')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `studies/${f}`);
}
