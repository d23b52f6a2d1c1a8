/** Turns a `<preset|file>` argument into a built System: preset names come from the registry, anything else is read as a scenario file. */

import { readFileSync, statSync } from 'node:fs';
import { buildSystem, didYouMean, loadScenario, MAX_SCENARIO_CHARS, type System, type SystemSpec, systemPresets, systemSchema } from '@supernode/core';
import { UsageError } from './errors.js';
import { positiveWhole } from './options.js';

export function loadSystemSpec(ref: string): SystemSpec {
  if (systemPresets.has(ref)) return systemSchema.parse(systemPresets.get(ref).input);
  if (!/[./\\]/.test(ref)) {
    const near = didYouMean(ref, systemPresets.ids);
    throw new UsageError(
      `unknown system '${ref}'${near ? ` (did you mean '${near}'?)` : ''}: expected a preset (${systemPresets.ids.join(', ')}) or a scenario file (.yaml, .json)`,
    );
  }
  return loadScenario(readScenarioText(ref), ref);
}

/** A scenario file's text: sized before it is read and decoded strictly, so a huge or binary file is refused, not loaded. */
function readScenarioText(ref: string): string {
  let bytes: Buffer;
  try {
    const size = statSync(ref).size;
    if (size > MAX_SCENARIO_CHARS) {
      throw new UsageError(
        `scenario file '${ref}' is ${size.toLocaleString('en-US')} bytes; a scenario is at most ${MAX_SCENARIO_CHARS.toLocaleString('en-US')} (64 KiB)`,
      );
    }
    bytes = readFileSync(ref);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read scenario file '${ref}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`scenario file '${ref}' is not UTF-8 text; expected a YAML or JSON scenario`);
  }
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
