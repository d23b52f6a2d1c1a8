/** A system preset: a typed scenario fragment with its description and sources, extended by files with `extends:`. */

import type { RegistryEntry } from '../registry/registry.js';
import type { SystemInput } from '../system/schema.js';

export interface SystemPreset extends RegistryEntry {
  readonly assumptions: readonly string[];
  /** The design, written exactly as a scenario file would write it. */
  readonly input: SystemInput;
}

/** Names the preset after its design and keeps description, source and assumptions in one place. */
export function definePreset(input: SystemInput & { description: string; source: string; assumptions: string[] }): SystemPreset {
  return { id: input.name, description: input.description, source: input.source, assumptions: input.assumptions, input };
}
