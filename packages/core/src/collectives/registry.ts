/**
 * The collective algorithm registry: every algorithm, once. Ids are op-qualified ('allreduce/ring') because
 * the same short name serves several ops ('ring' is an all-reduce, an all-gather, ...); users and scenarios name
 * an algorithm by op and short name, which `findAlgorithm` resolves, and `algorithmsFor` lists the choices.
 */

import { didYouMean } from '../registry/did-you-mean.js';
import { createRegistry, UnknownNameError } from '../registry/registry.js';
import { directAllGather } from './all-gather/direct.js';
import { hierarchicalAllGather } from './all-gather/hierarchical.js';
import { inSwitchAllGather } from './all-gather/in-switch.js';
import { ringAllGather } from './all-gather/ring.js';
import { doubleBinaryTreeAllReduce } from './all-reduce/double-binary-tree.js';
import { halvingDoublingAllReduce } from './all-reduce/halving-doubling.js';
import { hierarchicalAllReduce } from './all-reduce/hierarchical.js';
import { inSwitchAllReduce } from './all-reduce/in-switch.js';
import { nvlsTreeAllReduce } from './all-reduce/nvls-tree.js';
import { ringAllReduce } from './all-reduce/ring.js';
import { directAllToAll } from './all-to-all/direct.js';
import { hierarchicalAllToAll } from './all-to-all/hierarchical.js';
import { ringBroadcast } from './broadcast/ring.js';
import { ringReduce } from './reduce/ring.js';
import { directReduceScatter } from './reduce-scatter/direct.js';
import { hierarchicalReduceScatter } from './reduce-scatter/hierarchical.js';
import { inSwitchReduceScatter } from './reduce-scatter/in-switch.js';
import { ringReduceScatter } from './reduce-scatter/ring.js';
import { directSendRecv } from './send-recv/direct.js';
import type { CollectiveAlgorithm, CollectiveOp } from './types.js';

export const collectiveAlgorithms = createRegistry<CollectiveAlgorithm>('collective algorithm', [
  ringAllReduce,
  doubleBinaryTreeAllReduce,
  halvingDoublingAllReduce,
  inSwitchAllReduce,
  hierarchicalAllReduce,
  nvlsTreeAllReduce,
  ringAllGather,
  directAllGather,
  inSwitchAllGather,
  hierarchicalAllGather,
  ringReduceScatter,
  directReduceScatter,
  inSwitchReduceScatter,
  hierarchicalReduceScatter,
  directAllToAll,
  hierarchicalAllToAll,
  ringBroadcast,
  ringReduce,
  directSendRecv,
]);

/** The algorithms that serve `op`, in registry order. */
export function algorithmsFor(op: CollectiveOp): CollectiveAlgorithm[] {
  return collectiveAlgorithms.entries.filter((a) => a.ops.includes(op));
}

/** The `op` algorithm with short name `name`; an unknown name throws an UnknownNameError listing that op's names. */
export function findAlgorithm(op: CollectiveOp, name: string): CollectiveAlgorithm {
  const choices = algorithmsFor(op);
  const found = choices.find((a) => a.name === name);
  if (found) return found;
  const names = choices.map((a) => a.name);
  throw new UnknownNameError(`${op} algorithm`, name, names, didYouMean(name, names));
}
