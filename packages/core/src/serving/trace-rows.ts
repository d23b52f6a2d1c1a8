/** One request per line of a published trace: a Mooncake JSON line or an Azure CSV row parsed and checked, naming the file, line, field and value of any fault. */

import { ConfigError } from '../base/errors.js';

/** A trace line that cannot be read: names the line, the field and what was expected. */
export class TraceError extends ConfigError {
  constructor(file: string, line: number, field: string, message: string) {
    super([`${file}:${line}`, field], message);
  }
}

export type TraceFormat = 'csv' | 'jsonl';

/** One request as its line gives it: arrival in the trace's own clock (seconds), lengths, prefix hash ids. */
export interface TraceRow {
  /** The line it came from, from 1. */
  line: number;
  arrivalS: number;
  inputTokens: number;
  outputTokens: number;
  /** One per PREFIX_BLOCK_TOKENS of the input (Mooncake `hash_ids`); empty when unknown (CSV). */
  hashes: readonly number[];
}

/** Most tokens one request may give: a billion, far past any context window, and within a 32-bit count. */
export const MAX_REQUEST_TOKENS = 1_000_000_000;
/** Latest arrival in seconds a trace may give as a number: 9,999,999,999 s (past the year 2286 as Unix time). */
const MAX_SECONDS = 1e10;
/** Longest value shown back in a message. */
const SHOWN_CHARS = 40;

/** A cell's text for a message, cut short when long (a 400-digit number). */
const shown = (text: string | undefined) => JSON.stringify(text !== undefined && text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}...` : text);

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A positive whole number of at most 9 digits written in `text` from `start` to `end` (spaces around allowed), else 0. */
function wholeTokens(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  if (end - start > 9 || end === start) return 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return 0;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** Days from 1970-01-01 to a civil date, any year (H. Hinnant, "chrono-compatible low-level date algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Digits `from` to `to` of `t` as a number, or -1 where one is not a digit. */
function digits(t: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** Seconds: up to 10 whole digits and 9 decimals. */
const SECONDS = /^\d{1,10}(\.\d{1,9})?$/;
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** 'YYYY-MM-DD HH:MM:SS' (or with 'T') as whole seconds since 1970 UTC, or undefined when it is not a real date and time. */
function dateTimeSeconds(t: string): number | undefined {
  const c = (i: number) => t.charCodeAt(i);
  if (c(4) !== 45 || c(7) !== 45 || (c(10) !== 32 && c(10) !== 84) || c(13) !== 58 || c(16) !== 58) return undefined;
  const [year, month, day] = [digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10)];
  const [hour, minute, second] = [digits(t, 11, 13), digits(t, 14, 16), digits(t, 17, 19)];
  const days = month === 2 && leap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (year < 0 || days === undefined || day < 1 || day > days || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

/**
 * A TIMESTAMP cell as seconds: a UTC date-time ("2023-11-16 18:15:46.6805900", a real calendar date and time of day,
 * up to 9 decimals) or a number of seconds below 1e10; undefined otherwise (an impossible date, a 400-digit number, a
 * negative one). The fraction of a date-time is its digits over a power of ten, which rounds as Number('.6805900')
 * does (one correctly rounded quotient). `last` remembers the previous row's date and time: rows of a busy trace
 * share them. Example: "1970-01-02 00:00:01.5" is 86,401.5.
 */
export function timestampSeconds(text: string, last: { prefix: string; wholeS: number } = { prefix: '', wholeS: 0 }): number | undefined {
  const t = text.trim();
  if (t.length < 19 || t.charCodeAt(4) !== 45) return SECONDS.test(t) ? Number(t) : undefined;
  let whole: number | undefined = last.wholeS;
  if (last.prefix === '' || !t.startsWith(last.prefix)) {
    whole = dateTimeSeconds(t);
    if (whole === undefined) return undefined;
    last.prefix = t.slice(0, 19);
    last.wholeS = whole;
  }
  if (t.length === 19) return whole;
  const places = t.length - 20;
  const fraction = places >= 1 && places <= 9 && t.charCodeAt(19) === 46 ? digits(t, 20, t.length) : -1;
  return fraction < 0 ? undefined : whole + fraction / (POWERS_OF_TEN[places] as number);
}

const TIMESTAMP_EXPECTED = 'expected a date-time such as 2023-11-16 18:15:46.6805900 (a real date, UTC) or seconds from 0 to 9,999,999,999';

/**
 * Azure CSV rows under a header naming TIMESTAMP, ContextTokens and GeneratedTokens (in any order, among other
 * columns). A row's cells are found by their commas, with no array per row; cells are plain, as the published traces
 * write them.
 */
export class CsvRows {
  private readonly ts: number;
  private readonly input: number;
  private readonly output: number;
  private readonly columns: number;
  /** Start and end of each cell of the row being read; -1 for a cell the row lacks. */
  private readonly bounds: Int32Array;
  /** The previous row's date and time, which the next rows of a busy trace share. */
  private readonly lastStamp = { prefix: '', wholeS: 0 };

  /** Throws naming the header when a column is missing. */
  constructor(
    header: string,
    private readonly file: string,
  ) {
    const names = header
      .trim()
      .split(',')
      .map((h) => h.trim());
    const col = (name: string) => {
      const at = names.indexOf(name);
      if (at < 0) throw new TraceError(file, 1, name, `expected a header with TIMESTAMP, ContextTokens and GeneratedTokens, received ${names.join(',')}`);
      return at;
    };
    [this.ts, this.input, this.output] = [col('TIMESTAMP'), col('ContextTokens'), col('GeneratedTokens')];
    this.columns = Math.max(this.ts, this.input, this.output) + 1;
    this.bounds = new Int32Array(2 * this.columns);
  }

  /** Reads line `line` (its text `text`) into `row`. */
  read(text: string, line: number, row: TraceRow): void {
    const bounds = this.bounds;
    bounds.fill(-1);
    let start = 0;
    for (let c = 0; c < this.columns; c++) {
      const comma = text.indexOf(',', start);
      bounds[2 * c] = start;
      bounds[2 * c + 1] = comma < 0 ? text.length : comma;
      if (comma < 0) break;
      start = comma + 1;
    }
    const seconds = timestampSeconds(this.cell(text, this.ts) ?? '', this.lastStamp);
    if (seconds === undefined) throw new TraceError(this.file, line, 'TIMESTAMP', `${TIMESTAMP_EXPECTED}, received ${shown(this.cell(text, this.ts))}`);
    row.line = line;
    row.arrivalS = seconds;
    row.inputTokens = this.tokens(text, line, this.input, 'ContextTokens');
    row.outputTokens = this.tokens(text, line, this.output, 'GeneratedTokens');
    row.hashes = NO_HASHES;
  }

  private cell(text: string, c: number): string | undefined {
    const start = this.bounds[2 * c] as number;
    return start < 0 ? undefined : text.slice(start, this.bounds[2 * c + 1]);
  }

  private tokens(text: string, line: number, c: number, field: string): number {
    const start = this.bounds[2 * c] as number;
    const n = start < 0 ? 0 : wholeTokens(text, start, this.bounds[2 * c + 1] as number);
    if (n === 0)
      throw new TraceError(this.file, line, field, `expected a positive whole number of tokens (at most 999,999,999), received ${shown(this.cell(text, c))}`);
    return n;
  }
}

const NO_HASHES: readonly number[] = [];

const positiveWhole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
/** Latest Mooncake timestamp, milliseconds: the seconds bound of CSV traces. */
const MAX_MS = MAX_SECONDS * 1000;

/** Reads a Mooncake JSON line into `row`: `timestamp` (ms), `input_length`, `output_length`, optional `hash_ids`. */
export function readJsonRow(text: string, file: string, line: number, row: TraceRow): void {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new TraceError(file, line, 'line', `expected one JSON object per line, received ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new TraceError(file, line, 'line', 'expected a JSON object');
  const r = o as Record<string, unknown>;
  if (typeof r.timestamp !== 'number' || !Number.isFinite(r.timestamp) || r.timestamp < 0 || r.timestamp >= MAX_MS) {
    throw new TraceError(file, line, 'timestamp', `expected milliseconds from 0 to 9,999,999,999,999, received ${JSON.stringify(r.timestamp)}`);
  }
  for (const f of ['input_length', 'output_length'] as const) {
    if (!positiveWhole(r[f])) throw new TraceError(file, line, f, `expected a positive whole number of tokens, received ${JSON.stringify(r[f])}`);
    if ((r[f] as number) > MAX_REQUEST_TOKENS) throw new TraceError(file, line, f, `expected at most 1,000,000,000 tokens, received ${JSON.stringify(r[f])}`);
  }
  const hashes = r.hash_ids ?? [];
  if (!Array.isArray(hashes) || hashes.some((h) => typeof h !== 'number' || !Number.isInteger(h))) {
    throw new TraceError(file, line, 'hash_ids', 'expected a list of whole numbers');
  }
  row.line = line;
  row.arrivalS = r.timestamp / 1000;
  row.inputTokens = r.input_length as number;
  row.outputTokens = r.output_length as number;
  row.hashes = hashes as number[];
}
