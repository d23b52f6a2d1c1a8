/** Typed reads of Hugging Face config.json keys: each failure is a ModelConfigError naming the key, its value and the expectation. */

import { ModelConfigError } from './define.js';

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
const isWholeNumber = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Reads keys of one config object. `int` keys are required; the `optional*` readers take the default that the
 * transformers config class itself applies when a key is absent, which the caller names at the call site.
 */
export class HfFields {
  constructor(
    private readonly json: Readonly<Record<string, unknown>>,
    /** Names the file in error messages. */
    readonly label: string,
  ) {}

  has(key: string): boolean {
    return this.json[key] !== undefined && this.json[key] !== null;
  }

  fail(key: string, expected: string): never {
    throw new ModelConfigError(key, this.json[key], expected, this.label);
  }

  /** A required positive integer. */
  int(key: string): number {
    const value = this.json[key];
    return isPositiveInt(value) ? value : this.fail(key, 'a positive integer');
  }

  /** A required whole number (0 allowed), such as n_shared_experts or first_k_dense_replace. */
  count(key: string): number {
    const value = this.json[key];
    return isWholeNumber(value) ? value : this.fail(key, 'a whole number >= 0');
  }

  /** A key that must be present and is either a positive integer or null (DeepSeek's q_lora_rank). */
  intOrNull(key: string): number | null {
    const value = this.json[key];
    if (value === null) return null;
    return isPositiveInt(value) ? value : this.fail(key, 'a positive integer or null');
  }

  /** A positive integer that the config class defaults to `fallback` when absent or null. */
  optionalInt(key: string, fallback: number): number {
    return this.has(key) ? this.int(key) : fallback;
  }

  optionalCount(key: string, fallback: number): number {
    return this.has(key) ? this.count(key) : fallback;
  }

  optionalBool(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const value = this.json[key];
    return typeof value === 'boolean' ? value : this.fail(key, 'true or false');
  }

  optionalString(key: string, fallback: string): string {
    if (!this.has(key)) return fallback;
    const value = this.json[key];
    return typeof value === 'string' ? value : this.fail(key, 'a string');
  }

  optionalIntList(key: string): number[] {
    if (!this.has(key)) return [];
    const value = this.json[key];
    return Array.isArray(value) && value.every(isWholeNumber) ? value : this.fail(key, 'a list of layer indices');
  }

  /** A list of strings, or undefined when absent (layer_types). */
  optionalStringList(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.json[key];
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : this.fail(key, 'a list of strings');
  }
}
