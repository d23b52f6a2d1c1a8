/** Turns a `<preset|file>` argument into a built System: preset names come from the registry, anything else is read as a scenario file. */

import { buildSystem, didYouMean, loadScenario, type System, type SystemSpec, systemPresets, systemSchema } from '@supernode/core';
import { UsageError } from './errors.js';
import { positiveWhole } from './options.js';
import { readTextFile } from './read-text.js';

export function loadSystemSpec(ref: string): SystemSpec {
  if (systemPresets.has(ref)) return systemSchema.parse(systemPresets.get(ref).input);
  if (!/[./\\]/.test(ref)) {
    const near = didYouMean(ref, systemPresets.ids);
    throw new UsageError(
      `unknown system '${ref}'${near ? ` (did you mean '${near}'?)` : ''}: expected a preset (${systemPresets.ids.join(', ')}) or a scenario file (.yaml, .json)`,
    );
  }
  return loadScenario(readTextFile(ref, 'scenario'), ref);
}

export function loadSystem(ref: string, gpus?: number): System {
  return buildSystem(loadSystemSpec(ref), gpus === undefined ? {} : { gpus });
}

/** Parses --gpus: a positive whole number. */
export function parseGpus(text: string): number {
  return positiveWhole(text, (t) => `option --gpus: expected a positive whole number of GPUs, received '${t}'`);
}

/** Parses a positive whole-number option such as --concurrent-groups. */
export function parseCount(text: string): number {
  return positiveWhole(text, (t) => `expected a positive whole number, received '${t}'`);
}
