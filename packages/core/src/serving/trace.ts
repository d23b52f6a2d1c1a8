/**
 * Request traces as published: JSON lines as the Mooncake traces, CSV as the Azure LLM inference traces. Read as a
 * stream of lines: checked whole once, then replayed by walking the lines again, so a trace of a gigabyte is never held.
 */

import { CsvRows, readJsonRow, TraceError, type TraceFormat, type TraceRow } from './trace-rows.js';
import { PREFIX_BLOCK_TOKENS, type RequestSource, type ServingRequest } from './workload.js';

export { TraceError, type TraceFormat } from './trace-rows.js';

/** CSV (Azure) by its extension, else JSON lines (Mooncake). */
export const traceFormatOf = (file: string): TraceFormat => (/\.csv$/i.test(file) ? 'csv' : 'jsonl');

/**
 * Most prefix hash ids a trace may list in all (each cut to its input's blocks): the prefix caches of a replay keep an
 * entry per distinct id, some 100 bytes each. 4,194,304 is some 20 times the published Mooncake traces' 23,608
 * requests of up to 256 blocks.
 */
export const MAX_TRACE_HASHES = 2 ** 22;
/** Most requests of a trace whose rows are not in time order: those are sorted in memory, some 20 bytes a request. */
export const MAX_UNSORTED_REQUESTS = 2 ** 22;
/** Rows between two progress reports while a trace is checked. */
const PROGRESS_ROWS = 2 ** 16;

export interface TraceOptions {
  /** Replay only the first `limit` requests of the file: reading stops there. */
  readonly limit?: number;
  /** Hears the rows checked so far, every 65,536 of them, while the trace is first read; never changes the result. */
  readonly onRows?: (rows: number) => void;
  /** Most prefix hash ids in all; default MAX_TRACE_HASHES. */
  readonly maxHashes?: number;
  /** Most requests out of time order that are sorted in memory; default MAX_UNSORTED_REQUESTS. */
  readonly maxUnsorted?: number;
}

/** The rows of a trace's lines, in file order; one row object, refilled for each line. Blank lines are skipped. */
function* rowsOf(lines: Iterable<string>, file: string, format: TraceFormat): Generator<TraceRow> {
  const row: TraceRow = { line: 0, arrivalS: 0, inputTokens: 0, outputTokens: 0, hashes: [] };
  let csv: CsvRows | undefined;
  let line = 0;
  for (const raw of lines) {
    line++;
    const text = raw.trim();
    if (format === 'csv' && line === 1) {
      csv = new CsvRows(text, file);
      continue;
    }
    if (text === '') continue;
    if (csv) csv.read(text, line, row);
    else readJsonRow(text, file, line, row);
    yield row;
  }
  if (format === 'csv' && !csv) new CsvRows('', file);
}

/** The hash ids a request keeps: one per block of its input at most. */
const keptHashes = (row: TraceRow) => Math.min(row.hashes.length, Math.ceil(row.inputTokens / PREFIX_BLOCK_TOKENS));

/** What one pass over a trace learns: how many requests, where time starts, whether rows come in time order. */
interface TraceSummary {
  readonly count: number;
  /** The earliest arrival, which becomes time 0. */
  readonly startS: number;
  /** The line of the first row earlier than the row before it; 0 when rows come in time order. */
  readonly unsortedLine: number;
  readonly longestTokens: number;
  readonly hashes: number;
}

/** Checks every row (up to `limit`), keeping only counts. */
function scan(lines: Iterable<string>, file: string, format: TraceFormat, options: TraceOptions): TraceSummary {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const maxHashes = options.maxHashes ?? MAX_TRACE_HASHES;
  const maxUnsorted = options.maxUnsorted ?? MAX_UNSORTED_REQUESTS;
  let [count, startS, lastS, unsortedLine, longestTokens, hashes] = [0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 0, 0];
  for (const row of rowsOf(lines, file, format)) {
    if (row.arrivalS < lastS && unsortedLine === 0) unsortedLine = row.line;
    lastS = row.arrivalS;
    startS = Math.min(startS, row.arrivalS);
    longestTokens = Math.max(longestTokens, row.inputTokens + row.outputTokens);
    hashes += keptHashes(row);
    if (hashes > maxHashes) {
      throw new TraceError(
        file,
        row.line,
        'hash_ids',
        `the trace lists more than ${maxHashes.toLocaleString('en-US')} prefix hash ids by this line, and the prefix caches keep an entry per distinct id; replay fewer requests`,
      );
    }
    count++;
    if (options.onRows && count % PROGRESS_ROWS === 0) options.onRows(count);
    if (count === limit) break;
  }
  if (count === 0) throw new TraceError(file, 1, 'requests', 'the trace holds no requests');
  if (unsortedLine > 0 && count > maxUnsorted) {
    throw new TraceError(
      file,
      unsortedLine,
      format === 'csv' ? 'TIMESTAMP' : 'timestamp',
      `this row comes before the one above it, and a trace of more than ${maxUnsorted.toLocaleString('en-US')} requests out of time order is not sorted in memory; sort it by time, or replay fewer requests`,
    );
  }
  return { count, startS, unsortedLine, longestTokens, hashes };
}

const changed = (file: string, line: number) => new TraceError(file, line, 'line', 'the trace changed while it was replayed; replay a file nothing writes to');
const NONE: readonly number[] = [];

/** A trace in time order, replayed by walking its lines again: a request object lives only while the run holds it. */
class StreamedTrace implements RequestSource {
  readonly length: number;
  readonly longestTokens: number;
  constructor(
    private readonly open: () => Iterable<string>,
    private readonly file: string,
    private readonly format: TraceFormat,
    private readonly summary: TraceSummary,
  ) {
    this.length = summary.count;
    this.longestTokens = summary.longestTokens;
  }

  *[Symbol.iterator](): Iterator<ServingRequest> {
    let id = 0;
    let line = 1;
    let lastS = 0;
    for (const row of rowsOf(this.open(), this.file, this.format)) {
      line = row.line;
      const arrivalS = row.arrivalS - this.summary.startS;
      if (arrivalS < lastS || (id === 0 && arrivalS !== 0)) throw changed(this.file, line);
      lastS = arrivalS;
      const kept = keptHashes(row);
      yield {
        id: id++,
        arrivalS,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        blockHashes: kept === 0 ? NONE : row.hashes.slice(0, kept),
      };
      if (id === this.length) return;
    }
    if (id < this.length) throw changed(this.file, line);
  }
}

/**
 * A trace out of time order, read once more into typed arrays (arrival, lengths, hash ids) and sorted by arrival, ties
 * in file order: some 20 bytes a request and 8 a hash id, not an object each.
 */
function sortedTrace(lines: Iterable<string>, file: string, format: TraceFormat, summary: TraceSummary): RequestSource {
  const n = summary.count;
  const arrivalS = new Float64Array(n);
  const input = new Uint32Array(n);
  const output = new Uint32Array(n);
  const hashStart = new Uint32Array(n + 1);
  const hashes = new Float64Array(summary.hashes);
  let i = 0;
  let h = 0;
  for (const row of rowsOf(lines, file, format)) {
    arrivalS[i] = row.arrivalS - summary.startS;
    input[i] = row.inputTokens;
    output[i] = row.outputTokens;
    const kept = keptHashes(row);
    if (h + kept > hashes.length) throw changed(file, row.line);
    for (let k = 0; k < kept; k++) hashes[h++] = row.hashes[k] as number;
    hashStart[++i] = h;
    if (i === n) break;
  }
  if (i < n) throw changed(file, 1);
  const order = new Uint32Array(n).map((_, k) => k).sort((a, b) => (arrivalS[a] as number) - (arrivalS[b] as number) || a - b);
  return {
    length: n,
    longestTokens: summary.longestTokens,
    *[Symbol.iterator]() {
      for (let id = 0; id < n; id++) {
        const k = order[id] as number;
        const [from, to] = [hashStart[k] as number, hashStart[k + 1] as number];
        yield {
          id,
          arrivalS: arrivalS[k] as number,
          inputTokens: input[k] as number,
          outputTokens: output[k] as number,
          blockHashes: from === to ? NONE : Array.from(hashes.subarray(from, to)),
        };
      }
    },
  };
}

/**
 * A trace's requests from `open`, which gives a fresh walk of its lines on each call: every row is checked first (a
 * fault names the file, line, field and value before anything runs), then each walk of the result reads the lines
 * again. Arrival times start at the first request; rows out of time order are sorted (ids in arrival order).
 * Example: rows at 18:15:46.5 and 18:15:47.25 replay at 0 s and 0.75 s.
 */
export function traceRequests(open: () => Iterable<string>, file: string, format: TraceFormat, options: TraceOptions = {}): RequestSource {
  const summary = scan(open(), file, format, options);
  return summary.unsortedLine === 0 ? new StreamedTrace(open, file, format, summary) : sortedTrace(open(), file, format, summary);
}

/**
 * Mooncake format (kvcache-ai/Mooncake traces): one JSON object per line, `timestamp` (ms), `input_length`,
 * `output_length`, optional `hash_ids` (one per 512-token block). Blank lines are skipped.
 */
export function parseJsonlTrace(text: string, file: string): ServingRequest[] {
  return [...traceRequests(() => text.split('\n'), file, 'jsonl')];
}

/**
 * Azure LLM inference trace format (Azure/AzurePublicDataset): a header naming TIMESTAMP, ContextTokens and
 * GeneratedTokens, then one request per line; TIMESTAMP a date-time ("2023-11-16 18:15:46.6805900") or seconds.
 */
export function parseCsvTrace(text: string, file: string): ServingRequest[] {
  return [...traceRequests(() => text.split('\n'), file, 'csv')];
}
