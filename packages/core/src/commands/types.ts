/** The command family: one definition per run kind (its arguments, its run, its metrics), read by the CLI, sweeps and the web page alike. */

import type { ArgFields, Args, ArgValues } from '../args/define.js';
import type { RunContext } from '../base/context.js';
import type { RegistryEntry } from '../registry/registry.js';
import type { System } from '../system/system.js';
import type { MetricSpec, Metrics } from './metrics.js';

/** Options of the system a run starts from, beyond the scenario: failed fabric parts and slow GPUs or links. */
/** System flags a command may take besides --system and --gpus; 'job': --gpus may count a job on part of the system. */
export type SystemOption = 'fail' | 'straggler' | 'job';

export interface Command<F extends ArgFields = ArgFields, R = unknown> extends RegistryEntry {
  /** Every argument, with its description, kind and default: flags, sweep keys and form fields are generated from it. */
  readonly args: Args<F>;
  /** The work a run takes by default and at most, where a run's size comes from its arguments (help and docs show it). */
  readonly workLimit?: string;
  /** What of the system the run can change besides the scenario (`--fail`, `--straggler`). */
  readonly systemOptions: readonly SystemOption[];
  /** Runs on a built system with read arguments; throws ArgumentError (naming the field) for arguments the model cannot take. */
  run(system: System, args: ArgValues<F>, context: RunContext): R;
  /** Every metric metricsOf returns, with its unit in the description (objectives and constraints are checked here). */
  readonly metrics: Readonly<Record<string, MetricSpec>>;
  /** A report as one sweep point's flat metrics. */
  metricsOf(report: R, system: System): Metrics;
}

/** A command, its argument and report types inferred from the definition. */
export function defineCommand<F extends ArgFields, R>(command: Command<F, R>): Command<F, R> {
  return command;
}

/** Any command of the registry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every argument and report type
export type AnyCommand = Command<any, any>;
