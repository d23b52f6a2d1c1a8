/** Request traces as published: JSON lines as the Mooncake traces, CSV as the Azure LLM inference traces. Text in, requests out. */

import { ConfigError } from '../base/errors.js';
import { PREFIX_BLOCK_TOKENS, type ServingRequest } from './workload.js';

/** A trace line that cannot be read: names the line, the field and what was expected. */
export class TraceError extends ConfigError {
  constructor(file: string, line: number, field: string, message: string) {
    super([`${file}:${line}`, field], message);
  }
}

const positiveWhole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Mooncake format (kvcache-ai/Mooncake traces): one JSON object per line, `timestamp` (ms), `input_length`,
 * `output_length`, optional `hash_ids` (one per 512-token block). Blank lines are skipped; arrival times start at the
 * first request.
 */
export function parseJsonlTrace(text: string, file: string): ServingRequest[] {
  const rows: Omit<ServingRequest, 'id'>[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      throw new TraceError(file, i + 1, 'line', `expected one JSON object per line, received ${JSON.stringify(line.slice(0, 60))}`);
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new TraceError(file, i + 1, 'line', 'expected a JSON object');
    const r = o as Record<string, unknown>;
    if (typeof r.timestamp !== 'number' || !Number.isFinite(r.timestamp) || r.timestamp < 0) {
      throw new TraceError(file, i + 1, 'timestamp', `expected milliseconds >= 0, received ${JSON.stringify(r.timestamp)}`);
    }
    for (const f of ['input_length', 'output_length'] as const) {
      if (!positiveWhole(r[f])) throw new TraceError(file, i + 1, f, `expected a positive whole number of tokens, received ${JSON.stringify(r[f])}`);
    }
    const hashes = r.hash_ids ?? [];
    if (!Array.isArray(hashes) || hashes.some((h) => typeof h !== 'number' || !Number.isInteger(h))) {
      throw new TraceError(file, i + 1, 'hash_ids', 'expected a list of whole numbers');
    }
    rows.push({
      arrivalS: r.timestamp / 1000,
      inputTokens: r.input_length as number,
      outputTokens: r.output_length as number,
      blockHashes: hashes as number[],
    });
  });
  return finish(rows, file);
}

/**
 * Azure LLM inference trace format (Azure/AzurePublicDataset): a header naming TIMESTAMP, ContextTokens and
 * GeneratedTokens, then one request per line; TIMESTAMP a date-time ("2023-11-16 18:15:46.6805900") or seconds.
 */
export function parseCsvTrace(text: string, file: string): ServingRequest[] {
  const lines = text.split('\n');
  const header = (lines[0] ?? '')
    .trim()
    .split(',')
    .map((h) => h.trim());
  const col = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new TraceError(file, 1, name, `expected a header with TIMESTAMP, ContextTokens and GeneratedTokens, received ${header.join(',')}`);
    return at;
  };
  const [ts, input, output] = [col('TIMESTAMP'), col('ContextTokens'), col('GeneratedTokens')];
  const rows: Omit<ServingRequest, 'id'>[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(',');
    const at = i + 2;
    const seconds = timestampSeconds(cells[ts] ?? '');
    if (seconds === undefined) throw new TraceError(file, at, 'TIMESTAMP', `expected a date-time or seconds, received ${JSON.stringify(cells[ts])}`);
    const [inTokens, outTokens] = [Number(cells[input]), Number(cells[output])];
    if (!positiveWhole(inTokens)) throw new TraceError(file, at, 'ContextTokens', `expected a positive whole number, received ${JSON.stringify(cells[input])}`);
    if (!positiveWhole(outTokens))
      throw new TraceError(file, at, 'GeneratedTokens', `expected a positive whole number, received ${JSON.stringify(cells[output])}`);
    rows.push({ arrivalS: seconds, inputTokens: inTokens, outputTokens: outTokens, blockHashes: [] });
  });
  return finish(rows, file);
}

function timestampSeconds(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 + Number(m[7] ?? 0);
}

function finish(rows: Omit<ServingRequest, 'id'>[], file: string): ServingRequest[] {
  if (rows.length === 0) throw new TraceError(file, 1, 'requests', 'the trace holds no requests');
  const start = rows.reduce((low, r) => Math.min(low, r.arrivalS), Number.POSITIVE_INFINITY);
  return rows
    .map((r) => ({ ...r, arrivalS: r.arrivalS - start, blockHashes: r.blockHashes.slice(0, Math.ceil(r.inputTokens / PREFIX_BLOCK_TOKENS)) }))
    .sort((a, b) => a.arrivalS - b.arrivalS)
    .map((r, id) => ({ id, ...r }));
}
