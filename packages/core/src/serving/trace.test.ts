import { describe, expect, it } from 'vitest';
import { traceRequests } from './trace.js';
import { timestampSeconds } from './trace-rows.js';

const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';

/** A trace's lines as a front end gives them, counting the walks and the lines each has pulled. */
function counted(lines: readonly string[]) {
  const walks: number[] = [];
  const open = () => {
    walks.push(0);
    const at = walks.length - 1;
    return {
      *[Symbol.iterator]() {
        for (const line of lines) {
          walks[at] = (walks[at] as number) + 1;
          yield line;
        }
      },
    };
  };
  return { open, walks };
}

const csv = (...rows: string[]) => [HEADER, ...rows];

describe('traceRequests', () => {
  it('traceRequests checks the trace once, then walks its lines again for each run, the same requests each time', () => {
    const { open, walks } = counted(csv('2023-11-16 18:15:46.5000000,374,44', '2023-11-16 18:15:47.2500000,396,109'));
    const requests = traceRequests(open, 'az.csv', 'csv');
    expect(requests.length).toBe(2);
    expect(requests.longestTokens).toBe(396 + 109);
    expect(walks).toEqual([3]);
    const first = [...requests];
    expect(first.map((r) => [r.id, r.arrivalS, r.inputTokens, r.outputTokens])).toEqual([
      [0, 0, 374, 44],
      [1, 0.75, 396, 109],
    ]);
    expect([...requests]).toEqual(first);
    expect(walks).toEqual([3, 3, 3]);
  });

  it('traceRequests with a limit stops reading at that row: a broken row after it is never read', () => {
    const { open, walks } = counted(csv('2023-11-16 18:15:46,10,1', '2023-11-16 18:15:47,10,1', 'not a row at all'));
    const requests = traceRequests(open, 'az.csv', 'csv', { limit: 2 });
    expect([...requests].map((r) => r.arrivalS)).toEqual([0, 1]);
    // The header and two rows, on the check and on the walk.
    expect(walks).toEqual([3, 3]);
    expect(() => traceRequests(open, 'az.csv', 'csv', { limit: 3 })).toThrow(/az\.csv:4\.TIMESTAMP/);
  });

  it.each([
    ['a 30th of February', '2023-02-30 10:00:00,10,1', 'TIMESTAMP', '"2023-02-30 10:00:00"'],
    ['a thirteenth month', '2023-13-01 10:00:00,10,1', 'TIMESTAMP', '"2023-13-01 10:00:00"'],
    ['hour 24', '2023-11-16 24:00:00,10,1', 'TIMESTAMP', '"2023-11-16 24:00:00"'],
    ['a 400-digit number of seconds', `${'9'.repeat(400)},10,1`, 'TIMESTAMP', `"${'9'.repeat(40)}..."`],
    ['negative seconds', '-5,10,1', 'TIMESTAMP', '"-5"'],
    ['ten decimals', '2023-11-16 18:15:46.1234567890,10,1', 'TIMESTAMP', '"2023-11-16 18:15:46.1234567890"'],
    ['zero prompt tokens', '2023-11-16 18:15:46,0,1', 'ContextTokens', '"0"'],
    ['negative output tokens', '2023-11-16 18:15:46,10,-3', 'GeneratedTokens', '"-3"'],
    ['a fractional token count', '2023-11-16 18:15:46,10.5,3', 'ContextTokens', '"10.5"'],
    ['ten digits of tokens', '2023-11-16 18:15:46,1234567890,3', 'ContextTokens', '"1234567890"'],
    ['a missing column', '2023-11-16 18:15:46,10', 'GeneratedTokens', 'undefined'],
  ])('traceRequests refuses %s, naming the file, the line and the value', (_what, row, field, shown) => {
    const { open } = counted(csv('2023-11-16 18:15:45,10,1', row));
    const error = (() => {
      try {
        traceRequests(open, 'az.csv', 'csv');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(new RegExp(`^az\\.csv:3\\.${field}: expected .*, received ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('traceRequests refuses a Mooncake timestamp or length past its bound, naming the line and the value', () => {
    const line = (ts: string, input: string) => `{"timestamp": ${ts}, "input_length": ${input}, "output_length": 5}`;
    expect(() => traceRequests(counted([line('1e300', '10')]).open, 'm.jsonl', 'jsonl')).toThrow(
      /^m\.jsonl:1\.timestamp: expected milliseconds from 0 to 9,999,999,999,999, received 1e\+300$/,
    );
    expect(() => traceRequests(counted([line('0', '0')]).open, 'm.jsonl', 'jsonl')).toThrow(/^m\.jsonl:1\.input_length: expected a positive whole number/);
    expect(() => traceRequests(counted([line('0', '2000000000')]).open, 'm.jsonl', 'jsonl')).toThrow(
      /^m\.jsonl:1\.input_length: expected at most 1,000,000,000 tokens, received 2000000000$/,
    );
  });

  it('traceRequests sorts rows out of time order by arrival, ties in file order, and refuses to past a bound', () => {
    const rows = csv('2023-11-16 18:15:47,1,1', '2023-11-16 18:15:46,2,1', '2023-11-16 18:15:47,3,1');
    const requests = [...traceRequests(counted(rows).open, 'az.csv', 'csv')];
    expect(requests.map((r) => [r.id, r.arrivalS, r.inputTokens])).toEqual([
      [0, 0, 2],
      [1, 1, 1],
      [2, 1, 3],
    ]);
    expect(() => traceRequests(counted(rows).open, 'az.csv', 'csv', { maxUnsorted: 2 })).toThrow(
      /^az\.csv:3\.TIMESTAMP: this row comes before the one above it, and a trace of more than 2 requests out of time order is not sorted in memory/,
    );
  });

  it("traceRequests keeps a Mooncake request's hash ids up to its input's blocks and refuses a trace listing more than its bound", () => {
    const lines = [
      '{"timestamp": 0, "input_length": 1000, "output_length": 5, "hash_ids": [7, 8, 9]}',
      '{"timestamp": 1, "input_length": 600, "output_length": 5}',
    ];
    // 1,000 tokens fill 2 blocks of 512: the third id is dropped.
    expect([...traceRequests(counted(lines).open, 'm.jsonl', 'jsonl')].map((r) => r.blockHashes)).toEqual([[7, 8], []]);
    expect(() => traceRequests(counted([lines[0] as string, lines[0] as string]).open, 'm.jsonl', 'jsonl', { maxHashes: 3 })).toThrow(
      /^m\.jsonl:2\.hash_ids: the trace lists more than 3 prefix hash ids by this line/,
    );
  });

  it('traceRequests refuses a trace that changes between its check and a walk', () => {
    const lines = csv('2023-11-16 18:15:46,10,1', '2023-11-16 18:15:47,10,1');
    const requests = traceRequests(counted(lines).open, 'az.csv', 'csv');
    lines.pop();
    expect(() => [...requests]).toThrow(/^az\.csv:2\.line: the trace changed while it was replayed/);
  });
});

describe('timestampSeconds', () => {
  it('timestampSeconds reads a date-time as UTC seconds, its fraction as the decimal it writes, and seconds as they are', () => {
    // 1970-01-02 is 86,400 s after the epoch; 2024 is a leap year.
    expect(timestampSeconds('1970-01-02 00:00:01.5')).toBe(86401.5);
    expect(timestampSeconds('2024-02-29T00:00:00')).toBe(Date.UTC(2024, 1, 29) / 1000);
    expect(timestampSeconds('2023-11-16 18:15:46.6805900')).toBe(Date.UTC(2023, 10, 16, 18, 15, 46) / 1000 + Number('.6805900'));
    expect(timestampSeconds(' 12.25 ')).toBe(12.25);
    expect(timestampSeconds('2023-02-29 00:00:00')).toBeUndefined();
  });
});
