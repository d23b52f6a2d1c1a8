/** The JSON Schema of scenario files, generated from the zod schema, for editors. */

import { z } from 'zod';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';

export function systemJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(systemSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    ...schema,
    title: 'supernode system scenario',
    properties: {
      extends: { type: 'string', enum: [...systemPresets.ids], description: 'start from this preset and override its fields' },
      ...properties,
    },
    // With `extends`, every field may come from the preset.
    required: undefined,
  };
}
