/** The development and held-back sets of validation/cases.json stay apart: no held-back figure restates a development one. */

import { describe, expect, it } from 'vitest';
import { publishedCases } from './published-cases.js';

/** A case's source without its parenthesised detail: the thread, page or file the figures come from. */
const sourceOf = (source: string | undefined) => (source ?? '').replace(/\s*\(.*$/s, '').trim();

/** The numeric figures of a case, whichever shape its value has. */
function figures(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).filter((v): v is number => typeof v === 'number');
  return [];
}

describe('validation sets', () => {
  it('no held-back case repeats a figure that a development case of the same source already holds', () => {
    // A held-back row that restates a development measurement checks nothing the fit has not seen. Example: a thread's
    // "max busbw can get 365.84 GB/s" is the 16 GiB row of the same thread's sweep.
    const dev = publishedCases.filter((c) => (c as { set?: string }).set === 'dev');
    const repeats = publishedCases
      .filter((c) => (c as { set?: string }).set === 'holdout')
      .flatMap((h) =>
        dev
          .filter((d) => d.kind === h.kind && sourceOf(d.source) === sourceOf(h.source))
          .filter((d) => figures(h.value).some((x) => figures(d.value).includes(x)))
          .map((d) => `${h.id} repeats ${d.id}`),
      );
    expect(repeats).toEqual([]);
  });
});
