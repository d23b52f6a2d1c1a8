/** Direct all-gather: every rank sends its S/n piece to every other rank at once. */

import { defineCollectiveAlgorithm } from '../define.js';
import { directExchangeSchedule, directExchangeTime } from '../direct-exchange.js';

/**
 * n(n-1) concurrent transfers of S/n; each rank's egress carries n-1 of them at B/(n-1) each, so
 * t = alpha + (n-1)/n S/B: ring's bandwidth with one step of latency (at the price of n-1 connections per rank).
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 2 us + 7 x 362.75 us = 2.5413 ms.
 */
export const directAllGather = defineCollectiveAlgorithm({
  op: 'allgather',
  name: 'direct',
  description: 'Direct all-gather: every rank sends its S/n piece to every other rank in one step.',
  source: 'Chan et al., "Collective communication: theory, practice, and experience", CCPE 19(13), 2007 (multiport model; (n-1)/n S/B lower bound)',
  automatic: false,
  time: directExchangeTime,
  schedule: directExchangeSchedule,
});
