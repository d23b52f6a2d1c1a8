/** Turns a `<preset|file>` argument into a built System: preset names come from the registry, anything else is read as a scenario file. */

import { dirname, isAbsolute, join } from 'node:path';
import {
  buildSystem,
  ConfigError,
  didYouMean,
  excerpt,
  loadScenario,
  parseFailSpecs,
  parseStragglerSpecs,
  type ReadRelative,
  type System,
  type SystemSpec,
  systemPresets,
  systemSchema,
} from '@supernode/core';
import { UsageError } from './errors.js';
import { positiveWhole } from './options.js';
import { readTextFile } from './read-text.js';

export function loadSystemSpec(ref: string): SystemSpec {
  if (systemPresets.has(ref)) return systemSchema.parse(systemPresets.get(ref).input);
  if (!/[./\\]/.test(ref)) {
    const near = didYouMean(ref, systemPresets.ids);
    throw new UsageError(
      `unknown system ${excerpt(ref)}${near ? ` (did you mean '${near}'?)` : ''}: expected a preset (${systemPresets.ids.join(', ')}) or a scenario file (.yaml, .json)`,
    );
  }
  return loadScenario(readTextFile(ref, 'scenario'), ref, relativeTo(ref));
}

/** Reads the files a scenario at `scenario` names (its `partsFrom`), relative to the scenario's folder. */
export function relativeTo(scenario: string): ReadRelative {
  return (path) => {
    const file = isAbsolute(path) ? path : join(dirname(scenario), path);
    return { text: readTextFile(file, 'parts catalogue'), file };
  };
}

/**
 * `fail`: the `--fail` texts, merged after the scenario's `failures:`; `straggler`: the `--straggler` texts, after its
 * `stragglers:`; `job`: `gpus` counts a job that may take part of the system's whole deployment units.
 */
export function loadSystem(ref: string, gpus?: number, fail: readonly string[] = [], straggler: readonly string[] = [], job = false): System {
  try {
    const failures = parseFailSpecs(fail);
    const stragglers = parseStragglerSpecs(straggler);
    return buildSystem(loadSystemSpec(ref), {
      ...(gpus === undefined ? {} : { gpus, job }),
      ...(failures.length > 0 ? { failures } : {}),
      ...(stragglers ? { stragglers } : {}),
    });
  } catch (error) {
    throw inFlags(error, gpus !== undefined);
  }
}

/** A problem with what the flags gave beside the scenario (`gpus`, `fail`, `straggler`), worded as the flag; the scenario's own stay as they are. */
function inFlags(error: unknown, gpusGiven: boolean): unknown {
  if (!(error instanceof ConfigError)) return error;
  const [field, ...rest] = error.path;
  if ((field === 'gpus' && gpusGiven) || field === 'fail' || field === 'straggler')
    return new UsageError(`option --${field}: ${rest.length > 0 ? `${rest.join('.')}: ` : ''}${error.detail}`);
  return error;
}

/** Collects a repeatable option (`--fail a --fail b`) into a list. */
export function collectOption(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

export const FAIL_HELP =
  'fail a fabric component for this run (repeat or comma-separate): link:scale-out:plane=0:gpu=5, nic:gpu=5, switch:scale-out:leaf:plane=0:index=3 (tiers leaf, spine, aggregation, core), plane:scale-up:plane=1 (flow fidelity; reports the slowdown against the healthy system)';

export const STRAGGLER_HELP =
  'a slow GPU or link, or a seeded spread of GPU speeds (repeat or comma-separate): gpu=5:speed=0.8, link:scale-out:plane=0:gpu=5:speed=0.5 (flow fidelity), normal:cv=0.02:seed=1, tail:share=0.01:speed=0.8:seed=1';

/** Parses --gpus: a positive whole number. */
export function parseGpus(text: string): number {
  return positiveWhole(text, (t) => `option --gpus: expected a positive whole number of GPUs, received ${excerpt(t)}`);
}

/** A parser for a positive whole-number option such as --workers, whose message names the option. */
export function parseCount(flag: string): (text: string) => number {
  return (text) => positiveWhole(text, (t) => `option ${flag}: expected a positive whole number, received ${excerpt(t)}`);
}
