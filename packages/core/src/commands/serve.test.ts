import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args/define.js';
import type { TextLines } from '../base/context.js';
import { buildPreset } from '../test-support.js';
import { serveCommand } from './serve.js';

const h100 = buildPreset('hgx-h100');
const TRACE = [
  'TIMESTAMP,ContextTokens,GeneratedTokens',
  ...Array.from({ length: 60 }, (_, i) => `2023-11-16 18:15:${String(i).padStart(2, '0')}.2500000,${300 + 37 * i},${5 + (i % 7) * 11}`),
].join('\n');

/** A front end's line reader over `text`, noting each walk. */
function linesOf(text: string, walks: string[]) {
  return (path: string, what: string): TextLines => {
    const lines = text.split('\n');
    return {
      bytes: text.length,
      bytesRead: 0,
      *[Symbol.iterator]() {
        walks.push(`${what} ${path}`);
        yield* lines;
      },
    };
  };
}

describe('serveCommand', () => {
  it('serveCommand replays a trace read line by line as it replays its whole text, reading it once to check and once to run', () => {
    const args = parseArgs(serveCommand.args, { model: 'llama3-8b', trace: 'az.csv' });
    const walks: string[] = [];
    const streamed = serveCommand.run(h100, args, { readLines: linesOf(TRACE, walks) });
    const whole = serveCommand.run(h100, args, { readText: () => TRACE });
    expect(walks).toEqual(['trace az.csv', 'trace az.csv']);
    expect(streamed.report.requests).toBe(60);
    expect(streamed).toEqual(whole);
  });

  it('serveCommand with a number of requests replays only the first of the trace', () => {
    const args = parseArgs(serveCommand.args, { model: 'llama3-8b', trace: 'az.csv', requests: 25 });
    const r = serveCommand.run(h100, args, { readLines: linesOf(TRACE, []) });
    expect(r.report.requests).toBe(25);
  });

  it('serveCommand refuses a trace where no file can be read, naming the argument', () => {
    const args = parseArgs(serveCommand.args, { model: 'llama3-8b', trace: 'az.csv' });
    expect(() => serveCommand.run(h100, args, {})).toThrow(/^trace: 'az\.csv': files cannot be read here/);
  });
});
