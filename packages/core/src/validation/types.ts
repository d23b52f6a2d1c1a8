/** Validation types: a published measurement as validation/cases.json holds it, and the report of predicted against published. */

/**
 * Which cases a calibration constant may be fitted on: `dev` (the upstream development set, the default) or `holdout`
 * (published cases the project added to check that the fits carry; never fitted on).
 */
export type CaseSet = 'dev' | 'holdout';

/** One case of validation/cases.json (loosely typed: fields vary by kind). */
export interface PublishedCase {
  readonly id: string;
  readonly kind: 'collective' | 'training' | 'inference' | 'reliability' | 'kernel' | 'spec';
  readonly system: string;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly metric: string;
  readonly value: unknown;
  readonly unit: string;
  readonly source: string;
  /** Absent means `dev`. */
  readonly set?: CaseSet;
  readonly [flag: string]: unknown;
}

/** `kernel`: one measured kernel (per-op mechanism checks), reported apart from the end-to-end kinds. */
export type ValidatedKind = 'collective' | 'training' | 'inference' | 'reliability' | 'kernel';

export interface ValidationRow {
  /** Case id, with `#key` for one entry of a case whose value is an object (a curve, a set of variants). */
  readonly id: string;
  readonly kind: ValidatedKind;
  readonly predicted: number;
  readonly published: number;
  readonly unit: string;
  /** (predicted - published) / published x 100. */
  readonly errorPct: number;
  /** What was run: system, group, op, size, algorithm. */
  readonly setup: string;
  /** True where the case carries an `unverified*` flag: weigh it less. */
  readonly unverified: boolean;
  /** The case's set: fitted on (`dev`) or held back (`holdout`). */
  readonly set: CaseSet;
  /** True where the case measures a large message (bandwidth-bound), the regime the accuracy target names. */
  readonly largeMessage: boolean;
}

export interface ValidationReport {
  readonly cases: readonly ValidationRow[];
  readonly skipped: readonly { id: string; reason: string }[];
  /** Median of |errorPct| per kind; null where no case of that kind ran. */
  readonly medianAbsErrorPct: Readonly<Record<ValidatedKind, number | null>>;
  /** The same medians over each set alone: the held-back cases say whether the dev fits carry. */
  readonly medianAbsErrorPctBySet: Readonly<Record<CaseSet, Readonly<Record<ValidatedKind, number | null>>>>;
  /** The same median over large-message collective cases only. */
  readonly medianAbsErrorPctLargeCollective: number | null;
}

/**
 * A published figure as a number: 480 -> 480; "365-370" -> 367.5 (middle of the range); "830+" -> 830;
 * "~6" -> 6; anything else -> undefined.
 */
export function publishedNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const range = /^\s*~?(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  if (range) return (Number(range[1]) + Number(range[2])) / 2;
  const single = /^\s*~?(\d+(?:\.\d+)?)\+?\s*$/.exec(value);
  return single ? Number(single[1]) : undefined;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The set a case belongs to: its `set` field, `dev` where absent. */
export function caseSet(c: PublishedCase): CaseSet {
  return c.set === 'holdout' ? 'holdout' : 'dev';
}

/** True where the case carries an `unverified*` flag (a secondary source). */
export function isUnverified(c: PublishedCase): boolean {
  return Object.keys(c).some((k) => k.startsWith('unverified'));
}
