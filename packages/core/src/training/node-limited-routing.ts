/** Expert all-to-all under node-limited routing: one scale-out copy per target node, fanned out over the scale-up domain there. */

import type { TrainingComm } from './comm.js';

/**
 * Expected scale-out copies of one token under node-limited routing with balanced expert load: the router picks
 * M = min(limit, N) of the EP group's N nodes, then its k experts among their M e experts (e per node). A chosen node
 * receives at least one expert with probability q = 1 - C(M e - e, k) / C(M e, k); the token's own node is among the
 * chosen with probability M / N and needs no scale-out copy, so R = M q (1 - 1/N).
 * Worked example, DeepSeek-V3 (N 8, M 4, e 256/8 = 32, k 8): q = 1 - C(96, 8)/C(128, 8) = 0.907, R = 4 x 0.907 x 7/8 =
 * 3.18 copies where a plain all-to-all sends 8 x 7/8 = 7 (DeepSeek-V3 technical report, section 3.2.2).
 */
export function scaleOutCopiesPerToken(nodes: number, limit: number, expertsPerNode: number, topK: number): number {
  const m = Math.min(limit, nodes);
  const pool = m * expertsPerNode;
  // C(pool - e, k) / C(pool, k) as a product, exact for the small k of MoE routers.
  let none = 1;
  for (let i = 0; i < topK; i++) none *= Math.max(0, pool - expertsPerNode - i) / (pool - i);
  return m * (1 - none) * (1 - 1 / nodes);
}

/**
 * Seconds of one dispatch or combine of `tokens` tokens, `bytesPerCopy` each: the scale-out copies R per token go to
 * the same-index GPU of each target node (a rail all-to-all carrying R tokens per token, sized so its (N - 1)/N
 * leaving share is R), and every one of the k expert copies is then forwarded inside the node (an all-to-all of k
 * copies per token). Both run at once, "fully overlapped" (section 3.2.2), so the slower sets the time.
 */
export function nodeLimitedAllToAllS(
  comm: TrainingComm,
  routing: { nodes: number; limit: number; expertsPerNode: number; topK: number },
  tokens: number,
  bytesPerCopy: number,
): number {
  const copies = scaleOutCopiesPerToken(routing.nodes, routing.limit, routing.expertsPerNode, routing.topK);
  const rail = comm.epRail((tokens * copies * bytesPerCopy * routing.nodes) / (routing.nodes - 1)).seconds;
  const local = comm.epLocal(tokens * routing.topK * bytesPerCopy).seconds;
  return Math.max(rail, local);
}
