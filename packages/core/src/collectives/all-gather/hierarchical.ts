/** Hierarchical all-gather: a ring per rail across domains, then a ring inside each scale-up domain. */

import { defineCollectiveAlgorithm } from '../define.js';
import { needsHierarchy } from '../hierarchy.js';
import { twoLevelPassSchedule, twoLevelPassTime } from '../two-level-pass.js';

/** t = (m-1)(alpha_o + S/(d m B_o)) + (d-1)(alpha_i + S/(d B_i)); see twoLevelPassTime. */
export const hierarchicalAllGather = defineCollectiveAlgorithm({
  op: 'allgather',
  name: 'hierarchical',
  description: 'Hierarchical all-gather: a ring per rail across domains (S/d per rank), then a ring inside each domain.',
  source:
    'NCCL rings over several GPUs per node (one channel per NIC, NVIDIA/nccl src/graph/search.cc); Jia et al., arXiv 1807.11205 (hierarchical collectives)',
  applies: needsHierarchy,
  // NCCL runs these as channel rings (ringTime); the two-level form is for comparison, not the automatic choice.
  automatic: false,
  time: twoLevelPassTime,
  schedule: (ctx) => twoLevelPassSchedule(ctx, false),
});
