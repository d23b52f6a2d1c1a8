/** Hierarchical reduce-scatter: a ring inside each scale-up domain, then a ring per rail across domains. */

import { defineCollectiveAlgorithm } from '../define.js';
import { needsHierarchy } from '../hierarchy.js';
import { twoLevelPassSchedule, twoLevelPassTime } from '../two-level-pass.js';

/** t = (d-1)(alpha_i + S/(d B_i)) + (m-1)(alpha_o + S/(d m B_o)); see twoLevelPassTime. */
export const hierarchicalReduceScatter = defineCollectiveAlgorithm({
  op: 'reducescatter',
  name: 'hierarchical',
  description: 'Hierarchical reduce-scatter: ring inside each domain (S/d left per rank), then a ring per rail across domains.',
  source:
    'NCCL rings over several GPUs per node (one channel per NIC, NVIDIA/nccl src/graph/search.cc); Jia et al., arXiv 1807.11205 (hierarchical collectives)',
  applies: needsHierarchy,
  // NCCL runs these as channel rings (ringTime); the two-level form is for comparison, not the automatic choice.
  automatic: false,
  time: twoLevelPassTime,
  schedule: (ctx) => twoLevelPassSchedule(ctx, true),
});
