/** How the CLI shows a core command: the flags of this front end alone (output formats and files), and the text or JSON it prints. */

import { writeFileSync } from 'node:fs';
import { type AnyCommand, ConfigError, parseArgs, type RunContext, type System } from '@supernode/core';
import { type Command, Option } from 'commander';
import { addArgFlags, addSystemFlags, argsFromFlags, inFlagTerms } from './flags.js';
import { loadSystem } from './load-system.js';
import { checkOutputFile } from './output-file.js';
import { userFiles } from './read-text.js';

/** Parsed flags as commander gives them (camelCase keys). */
export type Flags = Readonly<Record<string, unknown>>;

export interface CommandView<R> {
  /** Flags that only change what the CLI prints or writes (`--json`, `--trace <file>`, `--links`). */
  readonly options?: readonly Option[];
  /** Run settings the flags ask for beyond the arguments (spans kept for `--trace`). */
  context?(flags: Flags): Partial<RunContext>;
  /** Checked before the run: output files that cannot be written are refused before any work. */
  check?(flags: Flags): void;
  /** The report as printed: a table, or JSON with --json; files written here. */
  render(report: R, flags: Flags, system: System): string;
  /** What the CLI runs instead of the command when a flag asks for it (`train --workload`), or undefined. */
  instead?(flags: Flags): string | undefined;
}

export const jsonOption = (what = 'print one JSON object') => new Option('--json', what);

/** `supernode <id>`: flags generated from the command's definition, then the view's own. */
/** `name`: the subcommand's name under `program` where it is not the command's id (`plan train` for plan-train). */
export function registerCommand<R>(program: Command, command: AnyCommand, view: CommandView<R>, out: (text: string) => void, name = command.id): Command {
  const cmd = program.command(name).description(command.description);
  addSystemFlags(cmd, command);
  addArgFlags(cmd, command);
  for (const option of view.options ?? []) cmd.addOption(option);
  cmd.addOption(new Option('--csv <file>', "also write the run's metrics as a CSV row, the row a sweep point of this command stores"));
  if (command.workLimit) cmd.addHelpText('after', `\nWork limit: ${command.workLimit} (--allow-large).`);
  return cmd.action((flags: Flags) => out(runFromFlags(command, view, flags)));
}

/** The system the flags name, with `--gpus`, `--fail` and `--straggler` applied; their problems worded as flags. */
export function systemFromFlags(command: AnyCommand, flags: Flags): System {
  if (typeof flags.system !== 'string') throw inFlagTerms(new ConfigError(['system'], 'missing; expected a preset or a scenario file'), command);
  return loadSystem(
    flags.system,
    flags.gpus as number | undefined,
    (flags.fail as string[] | undefined) ?? [],
    (flags.straggler as string[] | undefined) ?? [],
    command.systemOptions.includes('job'),
  );
}

export function runFromFlags<R>(command: AnyCommand, view: CommandView<R>, flags: Flags): string {
  const instead = view.instead?.(flags);
  if (instead !== undefined) return instead;
  view.check?.(flags);
  checkOutputFile(flags.csv, '--csv');
  const system = systemFromFlags(command, flags);
  try {
    const args = parseArgs(command.args, argsFromFlags(command, flags));
    const report = command.run(system, args, { ...userFiles, ...view.context?.(flags) }) as R;
    if (typeof flags.csv === 'string') writeFileSync(flags.csv, csvOf(command.metricsOf(report, system)));
    return view.render(report, flags, system);
  } catch (error) {
    throw inFlagTerms(error, command);
  }
}

/** A header and one row (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled). */
export function csvOf(row: Readonly<Record<string, unknown>>): string {
  const cell = (v: unknown) => {
    const text = v === undefined || v === null ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${Object.keys(row).map(cell).join(',')}\n${Object.values(row).map(cell).join(',')}\n`;
}
