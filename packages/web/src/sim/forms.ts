/** The page's run forms: each run kind's fields, from its command definition in core (plain data a worker can post). */

import { type AnyCommand, argFields, commands } from '@supernode/core';
import { RUN_KINDS, type RunForm, type RunKind } from './protocol.js';

/** A command's form: its description and its arguments as fields. */
export const formOf = (command: AnyCommand): RunForm => ({ description: command.description, fields: argFields(command.args) });

/** Every run kind's form, from its command definition: the page renders these fields and nothing else. */
export function runForms(): Record<RunKind, RunForm> {
  return Object.fromEntries(
    RUN_KINDS.map((kind) => {
      return [kind, formOf(commands.get(kind))];
    }),
  ) as unknown as Record<RunKind, RunForm>;
}
