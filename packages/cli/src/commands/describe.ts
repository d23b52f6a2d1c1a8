/** `supernode describe <preset|file>`: the system's structure, bandwidth, latency, power and cost; or the whole scenario it resolved to, as YAML. */

import { buildSystem, describeSystem, resolvedScenario, yamlText } from '@supernode/core';
import { loadSystem, loadSystemSpec } from '../load-system.js';
import { renderDescribe } from '../report/describe.js';

export interface DescribeOptions {
  readonly gpus?: number;
  readonly json?: boolean;
  /** Print the resolved scenario (every default filled, `extends` merged) instead of the report. */
  readonly yaml?: boolean;
}

export function runDescribe(ref: string, options: DescribeOptions): string {
  if (options.yaml) {
    const spec = loadSystemSpec(ref);
    const system = buildSystem(spec, options.gpus === undefined ? {} : { gpus: options.gpus });
    return `# ${ref} as supernode resolved it: every default filled, quantities in base units (B, B/s, s, W); it reads back as the same system\n${yamlText(resolvedScenario(spec, system))}`.trimEnd();
  }
  const report = describeSystem(loadSystem(ref, options.gpus));
  return options.json ? JSON.stringify(report, null, 2) : renderDescribe(report);
}
