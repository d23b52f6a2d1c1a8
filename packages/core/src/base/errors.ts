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
 * An input file (a log, a workload) that cannot be read as what it was given as: `file` and `line` say where, and the
 * message starts with them (`run.log:12: ...`).
 */
export class FileLineError extends ConfigError {
  override readonly name: string = 'FileLineError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super([], `${file}:${line}: ${detail}`);
  }
}

/**
 * A command argument the user gave that the model cannot take: `field` is the argument's name as the command
 * definitions spell it (`tp`, `kvTiers`), which each front end shows in its own vocabulary (`--tp`, `args.tp`, a form
 * field). Example: new ArgumentError('tp', 'TP 3 does not divide the 64 attention heads of llama3-70b').
 */
export class ArgumentError extends ConfigError {
  override readonly name: string = 'ArgumentError';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super([field], detail);
  }
}

/**
 * A run past the work a command takes unless told to go on (`allowLarge`): names the argument that sizes it, the work
 * it would do and the limit, so each front end can say how to go on in its own words (`--allow-large`, `args.allowLarge`).
 * Example: new WorkLimitError('requests', 3e6, 'requests', 1e6, false).
 */
export class WorkLimitError extends ArgumentError {
  override readonly name = 'WorkLimitError';
  constructor(
    field: string,
    readonly amount: number,
    readonly unit: string,
    readonly limit: number,
    /** Past the hard limit, which no allowLarge lifts. */
    readonly hard: boolean,
  ) {
    super(field, WorkLimitError.text(amount, unit, limit, hard, 'allowLarge'));
  }

  /** The refusal with the way to go on in a front end's words (`--allow-large`, `args.allowLarge: true`). */
  worded(allow: string): string {
    return WorkLimitError.text(this.amount, this.unit, this.limit, this.hard, allow);
  }

  private static text(amount: number, unit: string, limit: number, hard: boolean, allow: string): string {
    const past = `this run would simulate about ${Number(amount.toPrecision(3)).toLocaleString('en-US')} ${unit}, past the ${limit.toLocaleString('en-US')}`;
    return hard ? `${past} any run can take` : `${past} a run takes by default; give ${allow} to run it anyway`;
  }
}
