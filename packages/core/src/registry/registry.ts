/** A typed registry: the one list of named choices for an extension point, read by help, validation and errors alike. */

import { excerpt } from '../base/excerpt.js';
import { didYouMean } from './did-you-mean.js';

/** Every registry entry says what it is and where its facts come from. */
export interface RegistryEntry {
  readonly id: string;
  readonly description: string;
  readonly source: string;
}

export interface Registry<T extends RegistryEntry> {
  /** What the entries are, in the singular ("GPU", "system preset"): used in error messages. */
  readonly family: string;
  readonly ids: readonly string[];
  readonly entries: readonly T[];
  has(id: string): boolean;
  /** The entry named `id`; an unknown name throws an UnknownNameError that lists the choices and the nearest one. */
  get(id: string): T;
}

/** Raised for a name no registry entry has; `field` says where the name was given when known. */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';
  constructor(
    readonly family: string,
    readonly given: string,
    readonly choices: readonly string[],
    readonly suggestion: string | undefined,
  ) {
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
    super(`unknown ${family} ${excerpt(given)}.${hint} Expected one of: ${choices.join(', ')}`);
  }
}

export function createRegistry<T extends RegistryEntry>(family: string, entries: readonly T[]): Registry<T> {
  const byId = new Map<string, T>();
  for (const entry of entries) {
    if (byId.has(entry.id)) throw new Error(`duplicate ${family} id '${entry.id}'`);
    byId.set(entry.id, entry);
  }
  const ids = entries.map((e) => e.id);
  return {
    family,
    ids,
    entries,
    has: (id) => byId.has(id),
    get(id) {
      const found = byId.get(id);
      if (!found) throw new UnknownNameError(family, id, ids, didYouMean(id, ids));
      return found;
    },
  };
}
