/** Errors a user can fix: each names the field (a scenario path or a command argument), the value and what was expected. */

export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  /** The message without the field prefix, for front ends that name the field in their own words (a flag, a form field). */
  readonly detail: string;
  constructor(
    /** Field path inside the scenario, such as ['scaleUp', 'domainSize'], or a command argument, such as ['tp']. */
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${message}` : message);
    this.detail = message;
  }
}

/**
 * A command argument the user gave that the model cannot take: `field` is the argument's name as the command
 * definitions spell it (`tp`, `kvTiers`), which each front end shows in its own vocabulary (`--tp`, `args.tp`, a form
 * field). Example: new ArgumentError('tp', 'TP 3 does not divide the 64 attention heads of llama3-70b').
 */
export class ArgumentError extends ConfigError {
  override readonly name = 'ArgumentError';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super([field], detail);
  }
}
