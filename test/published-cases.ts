/** The project's published cases (validation/cases.json) for tests: the whole list, and one case by id and kind. */

import { readFileSync } from 'node:fs';
import type { DevCase } from '@supernode/core';

/** Every case the project validates against; the path is relative to this file, so it holds in any clone. */
export const publishedCases: readonly DevCase[] = JSON.parse(readFileSync(new URL('../validation/cases.json', import.meta.url), 'utf8'));

/** One case by id (and kind, where given); a missing case fails the test that asked for it. */
export function publishedCase(id: string, kind?: DevCase['kind']): DevCase {
  const found = publishedCases.find((c) => c.id === id && (kind === undefined || c.kind === kind));
  if (!found) throw new Error(`validation/cases.json has no ${kind ?? ''} case ${id}`);
  return found;
}
