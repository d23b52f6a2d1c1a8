/** Errors in a system design that a user can fix: each names the field path, the value and what was expected. */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** Field path inside the scenario, such as ['scaleUp', 'domainSize']. */
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${message}` : message);
  }
}
