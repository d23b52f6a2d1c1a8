/** Scenario files: YAML or JSON text -> validated system spec, with errors at file:line:col that name the field, value and expectation. */

import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { excerpt, shownValue } from '../base/excerpt.js';
import { deepMerge, isPlainObject } from '../base/merge.js';
import { systemPresets } from '../presets/registry.js';
import { didYouMean } from '../registry/did-you-mean.js';
import { partsSchema } from '../system/parts.js';
import { type SystemSpec, systemSchema } from '../system/schema.js';
import { checkScenarioText, MAX_SCENARIO_ALIASES } from './limits.js';

export interface ScenarioProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A message lists this many problems, then counts the rest (a garbled file would otherwise print hundreds). */
const MAX_PROBLEMS_SHOWN = 5;

/** Raised when a scenario cannot be read or is invalid; `problems` lists every finding. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly problems: readonly ScenarioProblem[]) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`... and ${problems.length - MAX_PROBLEMS_SHOWN} more problems`);
    super(shown.join('\n'));
  }
}

export function formatProblem(p: ScenarioProblem): string {
  const where = p.path.length > 0 ? `${p.path.join('.')}: ` : '';
  return `${p.file}:${p.line}:${p.col}: ${where}${p.message}`;
}

/**
 * Parses and validates a scenario; one problem per field (the first check it fails). A top-level `extends: <preset>` starts from that preset's design and
 * merges the file over it; `name` then defaults to the file's stem.
 */
export function loadScenario(text: string, file: string, readRelative?: ReadRelative): SystemSpec {
  const { merged, at } = readScenario(text, file, readRelative);
  const result = systemSchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => toProblem(issue, file, at, merged));
  throw new ScenarioError(problems.filter((p, i) => problems.findIndex((q) => q.path.join('.') === p.path.join('.')) === i));
}

/**
 * A scenario's fields as written, `extends:` merged in, before validation: what a sweep merges its axes into. Throws a
 * ScenarioError for text that is not a scenario, as loadScenario does.
 */
export function readScenarioInput(text: string, file: string, readRelative?: ReadRelative): Record<string, unknown> {
  loadScenario(text, file, readRelative);
  return readScenario(text, file, readRelative).merged as Record<string, unknown>;
}

/**
 * A scenario's fields with `extends:` merged in, valid or not: what a form shows beside the problems. Throws a
 * ScenarioError only for text that cannot be read as a mapping of fields.
 */
export function mergeScenarioInput(text: string, file: string): Record<string, unknown> {
  return readScenario(text, file).merged as Record<string, unknown>;
}

/**
 * Reads a file a scenario's `partsFrom` names, relative to the scenario's own folder: its text and the name errors give
 * it. Front ends that read files pass one; where none is given, a scenario with `partsFrom` is refused.
 */
export type ReadRelative = (path: string) => { readonly text: string; readonly file: string };

type At = (p: readonly (string | number)[], key?: boolean) => { line: number; col: number };

function readScenario(text: string, file: string, readRelative?: ReadRelative): { merged: unknown; at: At } {
  const { raw, at } = readDocument(text, file);
  if (!isPlainObject(raw)) {
    throw new ScenarioError([
      {
        file,
        ...at([]),
        path: [],
        message: `not a scenario: expected a mapping of system fields (name, gpu, server, scaleUp, ...), received ${describe(raw)}`,
      },
    ]);
  }
  return { merged: withCatalogues(applyExtends(raw, file, at), file, at, readRelative), at };
}

/**
 * The parts of the catalogue files `partsFrom` names (a file or a list, each a mapping like `parts:`: gpus, switches,
 * ...), each checked against the parts schema with its own file's positions, under the scenario's own `parts`, which
 * win where both define a part.
 */
function withCatalogues(merged: unknown, file: string, at: At, readRelative: ReadRelative | undefined): unknown {
  if (!isPlainObject(merged) || merged.partsFrom === undefined) return merged;
  const from = merged.partsFrom;
  const paths = typeof from === 'string' ? [from] : Array.isArray(from) && from.every((f) => typeof f === 'string') ? (from as string[]) : undefined;
  if (!paths)
    throw new ScenarioError([{ file, ...at(['partsFrom']), path: ['partsFrom'], message: `expected a file or a list of files, received ${describe(from)}` }]);
  if (!readRelative) {
    throw new ScenarioError([
      { file, ...at(['partsFrom']), path: ['partsFrom'], message: 'parts catalogue files are read by the command line; here, give the parts under parts:' },
    ]);
  }
  let parts: Record<string, unknown> = {};
  for (const path of paths) {
    const { text, file: catalogue } = readRelative(path);
    const doc = readDocument(text, catalogue);
    const result = partsSchema.safeParse(doc.raw);
    if (!result.success) throw new ScenarioError(result.error.issues.map((issue) => toProblem(issue, catalogue, doc.at, doc.raw)));
    parts = deepMerge(parts, doc.raw) as Record<string, unknown>;
  }
  return { ...merged, parts: deepMerge(parts, merged.parts ?? {}) };
}

/** A YAML or JSON document as data, with the positions of its fields; a document that cannot be read at all is a ScenarioError. */
function readDocument(text: string, file: string): { raw: unknown; at: At } {
  const guard = checkScenarioText(text);
  if (guard) throw new ScenarioError([{ file, line: guard.line, col: guard.col, path: [], message: guard.message }]);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const duplicate = duplicateKey(doc);
  if (duplicate) {
    const pos = counter.linePos(duplicate.offset);
    throw new ScenarioError([{ file, line: pos.line, col: pos.col, path: [], message: `map keys must be unique; ${duplicate.key} appears twice` }]);
  }
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = counter.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, path: [], message: printable(e.message.split('\n')[0] ?? e.message) };
      }),
    );
  }
  const raw = toData(doc, file);
  const at = (path: readonly (string | number)[], key = false) => position(doc, counter, path, key);
  return { raw, at };
}

/**
 * The first key that a mapping repeats, with its offset. The parser's own check compares every key with every other
 * (quadratic: a minute for 45,000 keys); one set per mapping keeps it linear.
 */
function duplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          found = { key: excerpt(String(pair.key.value)), offset: pair.key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The document as plain data, with alias expansion bounded (an alias bomb of a few lines would otherwise expand to
 * billions of nodes) and the parser's recursion turned into a message should anything nest past the text guards.
 */
function toData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_SCENARIO_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ScenarioError([
        {
          file,
          line: 1,
          col: 1,
          path: [],
          message: `aliases expand past ${MAX_SCENARIO_ALIASES} nodes (an alias bomb); a scenario refers to a shared block a few times at most`,
        },
      ]);
    }
    if (error instanceof RangeError) throw new ScenarioError([{ file, line: 1, col: 1, path: [], message: 'the document nests too deeply to read' }]);
    throw error;
  }
}

/** A parser message with control characters and other binary shown as escapes, and cut to one readable line. */
function printable(message: string): string {
  const clean = message.replace(/[^\x20-\x7E\u00A0-\uFFFC]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
}

function applyExtends(
  raw: Record<string, unknown>,
  file: string,
  at: (p: readonly (string | number)[], key?: boolean) => { line: number; col: number },
): unknown {
  const { extends: base, ...rest } = raw;
  if (base === undefined) return raw;
  if (typeof base !== 'string' || !systemPresets.has(base)) {
    const near = typeof base === 'string' ? didYouMean(base, systemPresets.ids) : undefined;
    throw new ScenarioError([
      {
        file,
        ...at(['extends']),
        path: ['extends'],
        message: `unknown system preset ${shownValue(base, '"')}${near ? ` (did you mean '${near}'?)` : ''}; expected one of ${systemPresets.ids.join(', ')}`,
      },
    ]);
  }
  const stem = file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
  return deepMerge({ ...systemPresets.get(base).input, name: stem }, rest);
}

function toProblem(
  issue: z.core.$ZodIssue,
  file: string,
  at: (p: readonly (string | number)[], key?: boolean) => { line: number; col: number },
  value: unknown,
): ScenarioProblem {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  let message = issue.message;
  if (issue.code === 'invalid_type') message = `expected ${issue.expected}, received ${describe(valueAt(value, path))}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') message = `${issue.message}; received ${describe(valueAt(value, path))}`;
  if (issue.code === 'invalid_union' || issue.code === 'invalid_value') message = `${issue.message}; received ${describe(valueAt(value, path))}`;
  const where = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? at([...path, issue.keys[0]], true) : at(path);
  return { file, ...where, path, message };
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = value;
  for (const key of path) v = isPlainObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list (${shownValue(v)})`;
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${shownValue(v, '"')}`;
}

/**
 * Line and column of the deepest node of `path` present in the file (a missing key points at its parent);
 * with `key`, of the last key itself rather than its value.
 */
function position(doc: Document, counter: LineCounter, path: readonly (string | number)[], key = false): { line: number; col: number } {
  if (key && path.length > 0) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
    if (pair && isScalar(pair.key) && pair.key.range) {
      const pos = counter.linePos(pair.key.range[0]);
      return { line: pos.line, col: pos.col };
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, col: pos.col };
    }
  }
  return { line: 1, col: 1 };
}
