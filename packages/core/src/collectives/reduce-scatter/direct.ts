/** Direct reduce-scatter: every rank sends piece p straight to rank p, which sums the n contributions. */

import { defineCollectiveAlgorithm } from '../define.js';
import { directExchangeSchedule, directExchangeTime } from '../direct-exchange.js';

/**
 * n(n-1) concurrent transfers of S/n, n-1 on each rank's egress and ingress: t = alpha + (n-1)/n S/B.
 * Worked example: n = 8, S = 1 GiB, B = 370 GB/s, alpha = 2 us: 2 us + 7 x 362.75 us = 2.5413 ms.
 */
export const directReduceScatter = defineCollectiveAlgorithm({
  op: 'reducescatter',
  name: 'direct',
  description: 'Direct reduce-scatter: every rank sends piece p straight to rank p in one step.',
  source: 'Chan et al., "Collective communication: theory, practice, and experience", CCPE 19(13), 2007 (multiport model; (n-1)/n S/B lower bound)',
  automatic: false,
  time: directExchangeTime,
  schedule: directExchangeSchedule,
});
