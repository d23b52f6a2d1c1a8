/** The supernode command line: parses arguments, calls core through the commands, prints, and maps errors to exit codes. */

import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { runCompare } from './commands/compare.js';
import { runDescribe } from './commands/describe.js';
import { runPresets } from './commands/presets.js';
import { runSchema } from './commands/schema.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, isUserError } from './errors.js';
import { parseGpus } from './load-system.js';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const stdio: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

const gpusOption = () => new Option('--gpus <n>', 'GPUs in the system (whole servers and scale-up domains)').argParser(parseGpus);

function program(io: Io): Command {
  const cmd = new Command('supernode')
    .description('Design and evaluate GPU-centric AI clusters before anyone buys them.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run supernode --help for usage)');
  cmd
    .command('describe')
    .description('describe a system: GPUs, fabrics, radix, bandwidth, bisection, latency, power, cost')
    .argument('<system>', 'a preset name (see `supernode presets`) or a scenario file (.yaml/.json)')
    .addOption(gpusOption())
    .option('--json', 'print one JSON object')
    .action((ref: string, opts: { gpus?: number; json?: boolean }) => io.out(runDescribe(ref, opts)));
  cmd
    .command('compare')
    .description('compare systems side by side (default: al128, hgx-h100, gb200-nvl72)')
    .argument('[systems...]', 'preset names or scenario files')
    .addOption(gpusOption())
    .option('--json', 'print a JSON array of describe reports')
    .action((refs: string[], opts: { gpus?: number; json?: boolean }) => io.out(runCompare(refs, opts)));
  cmd
    .command('presets')
    .description('list the built-in systems with their descriptions and sources')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => io.out(runPresets(opts)));
  cmd
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(() => io.out(runSchema()));
  return cmd;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  try {
    await program(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (isUserError(error)) {
      io.err(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    io.err(`internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_INTERNAL;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
