/** Command `describe`: the design itself (fabrics, radix, bandwidth, bisection, latency, power, cost, failures), with no arguments of its own. */

import { defineArgs } from '../args/index.js';
import { type DescribeReport, describeSystem } from '../describe/describe.js';
import { bisectionBandwidth } from '../system/bisection.js';
import { declareMetrics } from './metrics.js';
import { defineCommand } from './types.js';

export const describeCommand = defineCommand({
  id: 'describe',
  description: 'the design itself: GPUs, scale-up and scale-out fabrics, radix, bandwidth, bisection, latency, power, cost, failures',
  source: 'describe/describe.ts',
  args: defineArgs({}),
  systemOptions: ['fail', 'straggler'],
  run: (system): DescribeReport => describeSystem(system),
  metrics: declareMetrics({
    domains: 'scale-up domains',
    racks: 'racks of GPUs',
    scaleUpSwitches: 'scale-up switch chips',
    bisectionTBps: 'bisection bandwidth, TB/s per direction',
  }),
  metricsOf: (_report, system) => ({
    domains: system.domains,
    racks: system.racks,
    scaleUpSwitches: system.domains * system.scaleUp.switchesPerDomain,
    bisectionTBps: bisectionBandwidth(system) / 1e12,
  }),
});
