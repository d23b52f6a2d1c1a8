/** `supernode compare [systems...]`: several designs side by side; with no names, the built-in default comparison. */

import { DEFAULT_COMPARISON, describeSystem } from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { renderCompare } from '../report/compare.js';

export interface CompareOptions {
  readonly gpus?: number;
  readonly json?: boolean;
}

export function runCompare(refs: readonly string[], options: CompareOptions): string {
  const names = refs.length > 0 ? refs : DEFAULT_COMPARISON;
  const reports = names.map((ref) => describeSystem(loadSystem(ref, options.gpus)));
  return options.json ? JSON.stringify(reports, null, 2) : renderCompare(reports);
}
