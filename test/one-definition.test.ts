/**
 * One definition per command: every argument of every command in core's registry is a CLI flag, a sweep key and a web
 * form field, and an argument added to a definition appears in all three with no other edit (a fixture command adds one).
 */

import { program } from '@supernode/cli';
import {
  type AnyCommand,
  argFields,
  checkSweep,
  commands,
  count,
  createRegistry,
  defineArgs,
  defineCommand,
  expandPoints,
  PointEvaluator,
  parseSweepSpec,
  SweepSpecError,
  systemPresets,
  trainCommand,
} from '@supernode/core';
import type { Command } from 'commander';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { registerCommand } from '../packages/cli/src/command-view.js';
import { main } from '../packages/cli/src/main.js';
import { ArgsForm } from '../packages/web/src/run/args-form.js';
import { formOf, runForms } from '../packages/web/src/sim/forms.js';
import { RUN_KINDS } from '../packages/web/src/sim/protocol.js';

const quiet = { out: () => undefined, err: () => undefined };

/** The long flags a command of the CLI takes. */
function flagsOf(cmd: Command | undefined): string[] {
  return (cmd?.options ?? []).map((o) => o.long ?? '');
}

/** The error checkSweep raises for a spec with one axis over `args.<name>`, or undefined when it accepts it. */
function sweepAxisError(command: string, name: string, registry = commands): string | undefined {
  const spec = parseSweepSpec(`command: ${command}\nsystem: hgx-h100\naxes:\n  - { path: args.${name}, values: [1] }\n`, 'spec.yaml');
  try {
    checkSweep(spec, systemPresets.get('hgx-h100').input as Record<string, unknown>, registry);
    return undefined;
  } catch (error) {
    if (error instanceof SweepSpecError) return error.message;
    throw error;
  }
}

/** The ids of the controls the page renders for a command's form. */
function formIds(command: AnyCommand): string[] {
  const html = renderToStaticMarkup(
    createElement(ArgsForm, { kind: command.id, fields: formOf(command).fields, values: {}, problems: [], set: () => undefined }),
  );
  return [...html.matchAll(/ id="(run-[^"]+)"/g)].map((m) => m[1] as string);
}

describe('one definition per command', () => {
  const root = program(quiet);

  it.each(commands.ids)('every argument of %s is a CLI flag, a sweep key and a web field', (id) => {
    const command = commands.get(id);
    const fields = argFields(command.args);
    // A command whose id joins two words (plan-train) is the second under the first (supernode plan train).
    const [parent, sub] = id.split('-');
    const cli = root.commands.find((c) => c.name() === id) ?? root.commands.find((c) => c.name() === parent)?.commands.find((c) => c.name() === sub);
    if (id !== 'describe') expect(cli, `supernode ${id}`).toBeDefined();
    const page = RUN_KINDS.includes(id as never) ? formIds(command) : undefined;
    for (const f of fields) {
      expect(flagsOf(cli), `${id}: ${f.flag}`).toContain(f.flag);
      expect(sweepAxisError(id, f.name) ?? '', `${id}: args.${f.name}`).not.toMatch(/takes no argument/);
      if (page) expect(page, `${id}: form field ${f.name}`).toContain(`run-${f.name}`);
    }
  });

  it('the page offers a form for every run command but describe, each from its definition', () => {
    const forms = runForms();
    expect([...RUN_KINDS, 'describe'].sort()).toEqual([...commands.ids].sort());
    for (const kind of RUN_KINDS) expect(forms[kind].fields.map((f) => f.name)).toEqual(Object.keys(commands.get(kind).args.fields));
  });

  it('an argument added to one definition appears in --help, the sweep and the web form with no other edit', async () => {
    // A training command with one more argument: the number of warm-up steps, which scales the iteration it reports.
    const seen: number[] = [];
    const fixture = defineCommand({
      ...trainCommand,
      id: 'train-fixture',
      args: defineArgs({ ...trainCommand.args.fields, warmupSteps: count('steps before the measured one', { min: 0 }).or(0) }),
      run(system, a, context) {
        const { warmupSteps, ...rest } = a;
        seen.push(warmupSteps);
        return trainCommand.run(system, rest, context);
      },
    }) as AnyCommand;
    const registry = createRegistry<AnyCommand>('command', [fixture]);

    // The CLI: a flag with its help and default, read back into the argument.
    const out: string[] = [];
    const cli = registerCommand(program(quiet), fixture, { render: (r: { iterationTimeS: number }) => String(r.iterationTimeS) }, (t) => out.push(t));
    expect(cli.helpInformation()).toMatch(/--warmup-steps <n>\s+steps before the measured one; default: 0/);
    await cli.parseAsync(
      ['--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '2048', '--warmup-steps', '3'],
      {
        from: 'user',
      },
    );
    expect(seen).toEqual([3]);

    // The sweep: a key and an axis, each point's value reaching the run.
    const spec = parseSweepSpec(
      'command: train-fixture\nsystem: hgx-h100\nargs: { model: llama3-8b, tp: 8, pp: 1, mbs: 1, gbs: 8, seq: 2048 }\naxes:\n  - { path: args.warmupSteps, values: [1, 2] }\n',
      'fixture.yaml',
    );
    const input = systemPresets.get('hgx-h100').input as Record<string, unknown>;
    checkSweep(spec, input, registry);
    const evaluator = new PointEvaluator(spec, input, {}, registry);
    expect(expandPoints(spec).map((p) => evaluator.evaluate(p).status)).toEqual(['ok', 'ok']);
    expect(seen).toEqual([3, 1, 2]);
    expect(sweepAxisError('train-fixture', 'warmupStep', registry)).toMatch(/takes no argument 'warmupStep'/);

    // The page: a field labelled with the flag, its default shown.
    expect(formIds(fixture)).toContain('run-warmupSteps');
    const html = renderToStaticMarkup(
      createElement(ArgsForm, { kind: 'fixture', fields: formOf(fixture).fields, values: {}, problems: [], set: () => undefined }),
    );
    expect(html).toMatch(/<label for="run-warmupSteps"[^>]*>--warmup-steps<\/label>/);
    expect(html).toContain('placeholder="(default: 0)"');
  });

  it('the CLI and a sweep take or refuse a value alike, with the same words (precision int8, a share of 1)', async () => {
    const train = ['train', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '2048'];
    const cases: [string, string, string][] = [
      ['precision', 'int8', "expected one of bf16, fp8, nvfp4 (or fp4 for nvfp4), received 'int8'"],
      ['offloadActivations', '1', "expected a share in [0, 1), such as 0.25, received '1'"],
    ];
    for (const [name, value, words] of cases) {
      const flag = argFields(trainCommand.args).find((f) => f.name === name)?.flag as string;
      const err: string[] = [];
      expect(await main([...train, flag, value], { out: () => undefined, err: (t) => err.push(t) })).toBe(2);
      expect(err.join('\n')).toContain(`option ${flag}: ${words}`);
      const spec = parseSweepSpec(
        `command: train\nsystem: hgx-h100\nargs: { model: llama3-8b, tp: 8, pp: 1, mbs: 1, gbs: 8, seq: 2048 }\naxes:\n  - { path: args.${name}, values: ['${value}'] }\n`,
        'spec.yaml',
      );
      expect(() => checkSweep(spec, systemPresets.get('hgx-h100').input as Record<string, unknown>)).toThrow(`args.${name}: ${words}`);
    }
  });
});
