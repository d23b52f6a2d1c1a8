/**
 * Usage errors of every command exit 2 with commander's help hint: an unknown flag, a flag without its value, an
 * unknown command; and every number-like argument of every command (a run command's, or one the CLI reads itself such
 * as --workers), given 'NaN', is refused naming its flag, what it expected and the value received.
 */

import { argFields, commands } from '@supernode/core';
import type { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { main, program } from './main.js';

const HINT = '(run supernode --help for usage)';

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

const subcommands = program({ out: () => {}, err: () => {} }).commands;
/** Options that take a value they cannot go without (`--x <value>`), per subcommand. */
const valued = subcommands.flatMap((c) =>
  c.options.filter((o: Option) => o.required).map((o): [string, string, string] => [c.name(), o.long as string, o.flags]),
);
/** Options the CLI's own commands read as they are parsed (--gpus, --workers, --port, ...); run commands' are below. */
const parsed = subcommands
  .filter((c) => !commands.has(c.name()) || c.name() === 'describe')
  .flatMap((c) => c.options.filter((o: Option) => o.parseArg !== undefined).map((o): [string, string] => [c.name(), o.long as string]));
/** Each subcommand's mandatory options given a value, so the error a test provokes is the one reported. */
const mandatory = (name: string) =>
  (subcommands.find((c) => c.name() === name)?.options ?? []).filter((o) => o.mandatory).flatMap((o) => [o.long as string, 'x']);

describe('main usage errors', () => {
  it('main knows every subcommand the tests below walk, resilience among them', () => {
    expect(subcommands.map((c) => c.name())).toEqual(expect.arrayContaining(['describe', 'train', 'serve', 'resilience', 'share', 'sweep', 'worker', 'ui']));
    expect(valued.length).toBeGreaterThan(40);
    expect(parsed.map(([name, flag]) => `${name} ${flag}`)).toEqual(expect.arrayContaining(['sweep --workers', 'worker --lock-ms', 'ui --port']));
  });

  it.each(subcommands.map((c) => c.name()))('main %s --no-such-flag exits 2 naming the flag, with the help hint', async (name) => {
    const { code, err } = await run(name, ...mandatory(name), '--no-such-flag');
    expect(code).toBe(2);
    expect(err).toBe(`error: unknown option '--no-such-flag'\n${HINT}`);
  });

  it.each(valued)('main %s %s without its value exits 2 naming the option, with the help hint', async (name, flag, flags) => {
    const { code, err } = await run(name, flag);
    expect(code).toBe(2);
    expect(err).toBe(`error: option '${flags}' argument missing\n${HINT}`);
  });

  it.each(parsed)('main %s %s NaN exits 2 naming the option and the value', async (name, flag) => {
    const { code, err } = await run(name, flag, 'NaN');
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`^error: option ${flag}: .*'NaN'`));
  });

  it.each([
    [['nosuchcommand'], "error: unknown command 'nosuchcommand'"],
    [['--no-such-flag'], "error: unknown option '--no-such-flag'"],
    [['describe'], "error: missing required argument 'system'"],
  ])('main %j exits 2 with the help hint', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toBe(`${message}\n${HINT}`);
  });
});

/** Arguments each run command needs to reach its own checks; the field under test is added on top. */
const BASE: Readonly<Record<string, readonly string[]>> = {
  collective: ['--system', 'hgx-h100', '--op', 'allreduce', '--sizes', '1G'],
  train: ['--system', 'hgx-h100', '--gpus', '8', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '4096'],
  resilience: ['--system', 'hgx-h100', '--gpus', '8', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '4096'],
  serve: ['--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--rate', '1', '--requests', '10'],
  capacity: ['--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--slo', 'tpot=50ms'],
  share: ['--system', 'hgx-h100', '--job', 'allreduce:8:1G'],
};
const NUMERIC = new Set(['count', 'number', 'time', 'size', 'rate']);
const numericFlags = commands.ids
  .filter((id) => id in BASE)
  .flatMap((id) =>
    argFields(commands.get(id).args)
      .filter((f) => NUMERIC.has(f.kind))
      .map((f): [string, string] => [id, f.flag]),
  );

describe('main number-like flags', () => {
  it('main number-like flags cover every run command', () => {
    expect(new Set(numericFlags.map(([id]) => id))).toEqual(new Set(Object.keys(BASE)));
  });

  it.each(numericFlags)("main %s %s NaN exits 2 naming the flag, what it expected and 'NaN'", async (id, flag) => {
    const base = BASE[id] as readonly string[];
    const at = base.indexOf(flag);
    const argv = at < 0 ? [...base, flag, 'NaN'] : base.map((w, i) => (i === at + 1 ? 'NaN' : w));
    const { code, err } = await run(id, ...argv);
    expect(code, err).toBe(2);
    expect(err).toMatch(new RegExp(`^error: option ${flag}: (expected .*, received 'NaN'|'NaN' is not .*)$`));
  });

  it("main train --tp NaN says what --tp takes: 'option --tp: expected a whole number from 1 to ..., received 'NaN''", async () => {
    const { err } = await run('train', ...(BASE.train as string[]).map((w, i, all) => (all[i - 1] === '--tp' ? 'NaN' : w)));
    expect(err).toMatch(/^error: option --tp: expected a whole number from 1 to [\d,]+, received 'NaN'$/);
  });
});
