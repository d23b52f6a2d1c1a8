/** A command's flags generated from its definition in core: names, value names, help with choices and defaults, and the way back from flags to arguments. */

import { type AnyCommand, type Arg, type ArgField, argField, ConfigError, kebab, WorkLimitError } from '@supernode/core';
import { type Command, Option } from 'commander';
import { UsageError } from './errors.js';
import { collectOption, FAIL_HELP, parseGpus, STRAGGLER_HELP } from './load-system.js';

// biome-ignore lint/suspicious/noExplicitAny: an argument of any value type
type AnyArg = Arg<any>;

/** The flag an argument is given with: `--tp`, `--microbatch-group`, `--job` for the repeatable `jobs`. */
export const flagOf = (name: string, arg: AnyArg | undefined): string => `--${arg?.flag ?? kebab(name)}`;

/** The help of one argument: its description, the choices, and what happens without it. */
export function helpOf(field: ArgField): string {
  const parts = [field.description];
  if (field.choices) {
    const lead = field.kind === 'choices' ? 'comma-separated: ' : field.kind === 'choice' ? 'one of ' : 'presets: ';
    parts.push(`${lead}${field.choices.join(', ')}`);
  }
  if (field.range) parts.push(field.range);
  if (field.repeatable) parts.push('repeat for each');
  if (field.required) parts.push('required');
  else if (field.defaultText !== undefined) parts.push(`default: ${field.defaultText}`);
  return parts.join('; ');
}

/**
 * Adds a flag per argument of `command` (skipping `except`): a value flag, a switch (`--x`, `--no-x`), or a repeatable
 * flag; `note` ends each help (`(with --capacity)` where another command's flags join one that hands over to it).
 */
export function addArgFlags(cmd: Command, command: AnyCommand, except: readonly string[] = [], note = ''): void {
  for (const [name, arg] of Object.entries(command.args.fields as Record<string, AnyArg>)) {
    if (except.includes(name)) continue;
    const flag = flagOf(name, arg);
    const help = `${helpOf(argField(name, arg))}${note}`;
    if (arg.kind === 'flag') {
      cmd.addOption(new Option(flag, help));
      if (arg.default !== false) cmd.addOption(new Option(`--no-${flag.slice(2)}`, `the opposite of ${flag}`));
    } else if (arg.repeatable) {
      cmd.addOption(new Option(`${flag} <${arg.valueName}>`, help).argParser(collectOption));
    } else {
      cmd.addOption(new Option(`${flag} <${arg.valueName}>`, help));
    }
  }
}

/** The system flags a command takes: which system, how many GPUs, and what has failed or slowed if it can run so. */
export function addSystemFlags(cmd: Command, command: AnyCommand): void {
  cmd.addOption(new Option('--system <preset|file>', 'system preset or scenario file (required)'));
  const gpus = command.systemOptions.includes('job')
    ? 'GPUs of the job: the system is the fewest whole scale-up domains holding them, the job on its first GPUs (whole servers, or a share of one), the rest idle'
    : 'GPUs in the system (whole servers and scale-up domains)';
  cmd.addOption(new Option('--gpus <n>', gpus).argParser(parseGpus));
  if (command.systemOptions.includes('fail')) cmd.addOption(new Option('--fail <spec>', FAIL_HELP).argParser(collectOption));
  if (command.systemOptions.includes('straggler')) cmd.addOption(new Option('--straggler <spec>', STRAGGLER_HELP).argParser(collectOption));
}

/**
 * The command's arguments from parsed flags (commander's camelCase keys): strings and switches as given, for core's
 * argument reader. A switch commander defaulted (`--no-x` alone sets x: true) is left out, so core's default applies.
 */
export function argsFromFlags(command: AnyCommand, opts: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, arg] of Object.entries(command.args.fields as Record<string, AnyArg>)) {
    const key = (arg.flag ?? kebab(name)).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = opts[key];
    if (value === undefined) continue;
    if (arg.kind === 'flag' && value === arg.default) continue;
    out[name] = value;
  }
  return out;
}

/** A core error about an argument, worded with the flag it was given as (`tp: ...` -> `option --tp: ...`). */
export function inFlagTerms(error: unknown, command: AnyCommand): unknown {
  if (!(error instanceof ConfigError) || typeof error.path[0] !== 'string') return error;
  const [field, ...rest] = error.path as [string, ...(string | number)[]];
  const arg = (command.args.fields as Record<string, AnyArg>)[field];
  const systemFlag = field === 'system' ? '--system' : field === 'gpus' ? '--gpus' : undefined;
  if (!arg && !systemFlag) return error;
  const where = rest.length > 0 ? `${rest.join('.')}: ` : '';
  const detail = error instanceof WorkLimitError ? error.worded('--allow-large') : error.detail;
  return new UsageError(`option ${arg ? flagOf(field, arg) : systemFlag}: ${where}${detail}`);
}
