/** `supernode describe <preset|file>`: the system's structure, bandwidth, latency, power and cost. */

import { describeSystem } from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { renderDescribe } from '../report/describe.js';

export interface DescribeOptions {
  readonly gpus?: number;
  readonly json?: boolean;
}

export function runDescribe(ref: string, options: DescribeOptions): string {
  const report = describeSystem(loadSystem(ref, options.gpus));
  return options.json ? JSON.stringify(report, null, 2) : renderDescribe(report);
}
