/** Sweep commands `describe` (the design itself: fabric, bisection, power, cost) and `collective` (one collective's time). */

import { z } from 'zod';
import { parseGroup } from '../../comm/group.js';
import { CollectiveSession, runCollective } from '../../comm/run.js';
import { parseSizes } from '../../comm/sizes.js';
import { bisectionBandwidth } from '../../system/bisection.js';
import { declareMetrics, type SweepCommand } from './types.js';

const describeArgs = z.strictObject({});

export const describeCommand: SweepCommand = {
  id: 'describe',
  description: 'the design itself: scale-up and scale-out fabric, bisection, power, cost (the system metrics every point has)',
  source: 'system/',
  args: describeArgs,
  metrics: declareMetrics({
    domains: 'scale-up domains',
    racks: 'racks of GPUs',
    scaleUpSwitches: 'scale-up switch chips',
    bisectionTBps: 'bisection bandwidth, TB/s per direction',
  }),
  evaluate(system, raw) {
    describeArgs.parse(raw);
    return {
      domains: system.domains,
      racks: system.racks,
      scaleUpSwitches: system.domains * system.scaleUp.switchesPerDomain,
      bisectionTBps: bisectionBandwidth(system) / 1e12,
    };
  },
};

const collectiveArgs = z.strictObject({
  op: z.enum(['allreduce', 'allgather', 'reducescatter', 'alltoall', 'broadcast', 'reduce', 'sendrecv']),
  group: z.string().default('all'),
  size: z.union([z.string(), z.number().positive()]),
  algorithm: z.string().default('auto'),
  protocol: z.string().optional(),
  fidelity: z.enum(['analytical', 'flow']).default('analytical'),
  concurrentGroups: z.number().int().positive().optional(),
  /** Seconds of work before the collective at nominal speed (slow GPUs arrive late by their share of it); 0 by default. */
  computeBeforeS: z.number().nonnegative().default(0),
});

export const collectiveCommand: SweepCommand = {
  id: 'collective',
  description: 'one collective of one size on a group of ranks: time, algorithm and bus bandwidth (nccl-tests convention)',
  source: 'comm/run.ts',
  args: collectiveArgs,
  metrics: declareMetrics({
    timeUs: 'time of the collective, us',
    algbwGBps: 'algorithm bandwidth, GB/s',
    busbwGBps: 'bus bandwidth, GB/s',
    algorithm$: 'the algorithm that ran',
    waitForSlowestUs: 'with slow GPUs and args.computeBeforeS: how long after the first rank the slowest arrives, us (0 without)',
  }),
  evaluate(system, raw) {
    const a = collectiveArgs.parse(raw);
    const bytes = typeof a.size === 'number' ? a.size : (parseSizes(a.size, 'args.size')[0] as number);
    const r = runCollective(new CollectiveSession(system), {
      op: a.op,
      group: parseGroup(a.group, system.gpus, 'args.group'),
      bytes,
      algorithm: a.algorithm,
      fidelity: a.fidelity,
      ...(a.protocol === undefined ? {} : { protocol: a.protocol }),
      ...(a.concurrentGroups === undefined ? {} : { concurrentGroups: a.concurrentGroups }),
      computeBeforeS: a.computeBeforeS,
    });
    return { timeUs: r.timeUs, algbwGBps: r.algbwGBps, busbwGBps: r.busbwGBps, algorithm: r.algorithm, waitForSlowestUs: r.straggler?.waitUs ?? 0 };
  },
};
