import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { parseCsvTrace, parseJsonlTrace, TraceError } from './trace.js';
import { generateRequests, PREFIX_BLOCK_TOKENS, type WorkloadSpec } from './workload.js';

const base: WorkloadSpec = {
  arrival: { kind: 'poisson', rateRps: 10 },
  requests: 2000,
  input: { kind: 'fixed', tokens: 2048 },
  output: { kind: 'fixed', tokens: 128 },
  seed: 5,
};

describe('generateRequests', () => {
  it('generateRequests is reproducible from its seed and arrives at the asked rate', () => {
    // 2,000 Poisson arrivals at 10/s span ~200 s (standard error ~2%).
    const a = generateRequests(base);
    expect(generateRequests(base)).toEqual(a);
    expect(generateRequests({ ...base, seed: 6 })).not.toEqual(a);
    const span = (a[a.length - 1]?.arrivalS ?? 0) - (a[0]?.arrivalS ?? 0);
    expect(Math.abs(2000 / span / 10 - 1)).toBeLessThan(0.08);
  });

  it('generateRequests shares the first blocks of every input with a prefix share', () => {
    // 0.5 of 2,048 tokens = 1,024 = 2 blocks of 512 shared; the other 2 blocks are the request's own.
    const [a, b] = generateRequests({ ...base, requests: 2, prefixShare: 0.5 });
    expect(a?.blockHashes.slice(0, 2)).toEqual(b?.blockHashes.slice(0, 2));
    expect(a?.blockHashes[2]).not.toBe(b?.blockHashes[2]);
    expect(a?.blockHashes).toHaveLength(2048 / PREFIX_BLOCK_TOKENS);
  });

  it("generateRequests makes a session's later turn carry the whole conversation as its prefix", () => {
    // Turn 2's input = turn 1's input (2,048) and answer (128) plus 2,048 new tokens; its first 4 blocks are turn 1's.
    const [first, second] = generateRequests({ ...base, requests: 2, sessions: { turns: 2, thinkS: 30 } });
    expect(second?.inputTokens).toBe(2048 + 128 + 2048);
    expect(second?.blockHashes.slice(0, 4)).toEqual(first?.blockHashes);
    expect((second?.arrivalS ?? 0) - (first?.arrivalS ?? 0)).toBeCloseTo(30, 9);
  });

  it('generateRequests refuses a spec without a rate, a length of requests or a valid share, naming the option', () => {
    expect(() => generateRequests({ ...base, arrival: { kind: 'poisson', rateRps: 0 } })).toThrow(/^rate: expected a positive rate/);
    expect(() => generateRequests({ ...base, prefixShare: 1 })).toThrow(ConfigError);
  });
});

describe('parseJsonlTrace', () => {
  it('parseJsonlTrace reads Mooncake lines: milliseconds, lengths and hash ids, from the first arrival', () => {
    const text =
      '{"timestamp": 1000, "input_length": 1024, "output_length": 10, "hash_ids": [1, 2]}\n\n{"timestamp": 3500, "input_length": 600, "output_length": 5}\n';
    const r = parseJsonlTrace(text, 't.jsonl');
    expect(r.map((x) => [x.arrivalS, x.inputTokens, x.outputTokens, x.blockHashes.length])).toEqual([
      [0, 1024, 10, 2],
      [2.5, 600, 5, 0],
    ]);
  });

  it('parseJsonlTrace names the line and the field of a malformed line', () => {
    const bad = '{"timestamp": 0, "input_length": 10, "output_length": 1}\n{"timestamp": 5, "input_length": -3, "output_length": 1}\n';
    expect(() => parseJsonlTrace(bad, 't.jsonl')).toThrow(TraceError);
    expect(() => parseJsonlTrace(bad, 't.jsonl')).toThrow(/t\.jsonl:2\.input_length: expected a positive whole number of tokens, received -3/);
    expect(() => parseJsonlTrace('{"timestamp": 0\n', 't.jsonl')).toThrow(/t\.jsonl:1\.line: expected one JSON object per line/);
  });
});

describe('parseCsvTrace', () => {
  it('parseCsvTrace reads the Azure trace columns with date-time stamps', () => {
    const text = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.5000000,374,44\n2023-11-16 18:15:47.2500000,396,109\n';
    const r = parseCsvTrace(text, 'az.csv');
    expect(r.map((x) => [x.arrivalS, x.inputTokens, x.outputTokens])).toEqual([
      [0, 374, 44],
      [0.75, 396, 109],
    ]);
    expect(() => parseCsvTrace('TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,1,1\n', 'az.csv')).toThrow(/az\.csv:2\.TIMESTAMP/);
  });
});
