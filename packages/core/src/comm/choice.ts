/** The NCCL-like choice of algorithm and protocol for one collective: price every usable pair in closed form, take the fastest. */

import { ArgumentError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { algorithmsFor, findAlgorithm } from '../collectives/registry.js';
import type { CollectiveAlgorithm, CollectiveContext, CollectiveOp } from '../collectives/types.js';
import type { System } from '../system/system.js';
import type { Bytes } from '../units/units.js';
import { contextFor, type GroupShape } from './context.js';
import { PROTOCOLS, type Protocol, type ProtocolCosts, systemProtocolCosts } from './protocols.js';

export interface CollectiveChoice {
  readonly algorithm: CollectiveAlgorithm;
  readonly protocol: Protocol;
  readonly costs: ProtocolCosts;
  /** The context the algorithm is priced and scheduled in, on this protocol. */
  readonly ctx: CollectiveContext;
  /** Protocol base latency plus the algorithm's closed form, seconds (no launch). */
  readonly time: number;
}

/**
 * Like NCCL's tuner (src/graph/tuning.cc, ncclTopoGetAlgoTime: latency + bytes / bandwidth for every algorithm and
 * protocol, fastest wins), over the algorithms `algorithm` allows ('auto': those NCCL implements) and the protocols
 * `protocol` allows ('auto': LL, LL128, Simple). Small messages go to LL's low latency, large ones to Simple's
 * bandwidth. A named algorithm or protocol that cannot run here is a ConfigError naming the option.
 * Example: 8 H100s, 1 KiB all-reduce -> ring or tree on LL; 1 GiB -> in-switch (NVLS) on Simple.
 */
export function chooseCollective(system: System, op: CollectiveOp, shape: GroupShape, bytes: Bytes, algorithm: string, protocol: string): CollectiveChoice {
  const algorithms = algorithm === 'auto' ? algorithmsFor(op).filter((a) => a.automatic) : [findAlgorithm(op, algorithm)];
  const protocols: readonly Protocol[] = protocol === 'auto' ? PROTOCOLS : [checkProtocol(protocol)];
  let best: CollectiveChoice | undefined;
  const refusals: string[] = [];
  let algorithmRefused = false;
  for (const a of algorithms) {
    for (const p of protocols) {
      const costs = systemProtocolCosts(system, a.family, p, op);
      if (!costs) {
        refusals.push(`${a.name} does not run on ${p}`);
        continue;
      }
      const ctx = contextFor(system, op, shape, bytes, costs);
      const reason = a.applies(ctx);
      if (reason !== undefined) {
        algorithmRefused = true;
        refusals.push(`${a.name}: ${reason}`);
        continue;
      }
      const time = costs.baseLatencyS + a.time(ctx);
      if (!best || time < best.time) best = { algorithm: a, protocol: p, costs, ctx, time };
    }
  }
  if (best) return best;
  const unique = [...new Set(refusals)].join('; ');
  if (protocol !== 'auto' && !algorithmRefused) throw new ArgumentError('protocol', `${op} cannot run on ${protocol} here: ${unique}`);
  if (algorithm !== 'auto') throw new ArgumentError('algorithm', `${op} '${algorithm}' cannot run here: ${unique}`);
  throw new ArgumentError('algorithm', `no ${op} algorithm can run on ${shape.ranks.length} ranks: ${unique || `none is registered for ${op}`}`);
}

function checkProtocol(name: string): Protocol {
  if ((PROTOCOLS as readonly string[]).includes(name)) return name as Protocol;
  throw new ArgumentError('protocol', `expected auto or one of ${PROTOCOLS.join(', ')}, received ${excerpt(name)}`);
}
