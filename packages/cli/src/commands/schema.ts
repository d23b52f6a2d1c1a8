/** `supernode schema`: the JSON Schema of scenario files, for editors. */

import { systemJsonSchema } from '@supernode/core';

export function runSchema(): string {
  return JSON.stringify(systemJsonSchema(), null, 2);
}
