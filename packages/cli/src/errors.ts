/** User-facing errors of the CLI: anything the user can fix exits with code 2 and one clear message, never a stack trace. */

import { ConfigError, QuantityError, ScenarioError, SweepSpecError, UnknownNameError } from '@supernode/core';

/** Raised by the CLI itself for bad arguments or unreadable files. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** True for errors whose message is written for the user. */
export function isUserError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof ScenarioError ||
    error instanceof UnknownNameError ||
    error instanceof QuantityError ||
    error instanceof SweepSpecError
  );
}
