/** Which fabric links survive a system's failures, and at what rate slow links run: what building a degraded topology asks per link, each view alike. */

import type { FabricFailure } from '../system/fabric-failures.js';
import type { SlowLink } from '../system/stragglers.js';

/**
 * Answers "does this physical link still work" for the links the topology builder makes. A merged view folds the
 * same link of every plane into one of their summed capacity, so it asks for the share of planes whose link
 * survives: a GPU whose plane-0 NIC link fails on a two-plane fabric keeps half its merged NIC link, not none.
 * Example: failures [{ kind: link, layer: scale-out, plane: 0, gpu: 5 }] -> outPort(5, 0, 0, leaf) is false,
 * outPort(5, 0, 1, leaf) true; in the merged view the NIC link of GPU 5 keeps 1 of 2 planes.
 */
export class FabricHealth {
  readonly healthy: boolean;
  constructor(
    private readonly failures: readonly FabricFailure[] = [],
    private readonly slow: readonly SlowLink[] = [],
  ) {
    this.healthy = failures.length === 0 && slow.length === 0;
  }

  /** The rate of GPU `rank`'s lanes into scale-up plane `plane` (in `domain`): 0 failed, a slow link's speed, else 1. */
  upLink(rank: number, domain: number, plane: number): number {
    const works = this.failures.every((f) => {
      if (f.kind === 'link' && f.layer === 'scale-up') return !(f.gpu === rank && f.plane === plane);
      if (f.kind === 'plane' && f.layer === 'scale-up') return !(f.plane === plane && (f.domain === undefined || f.domain === domain));
      return true;
    });
    return works ? this.slowRate((l) => l.layer === 'scale-up' && l.gpu === rank && l.plane === plane) : 0;
  }

  /** The lowest speed among slow links `matches` picks, 1 when none. */
  private slowRate(matches: (link: SlowLink) => boolean): number {
    let rate = 1;
    for (const l of this.slow) if (matches(l)) rate = Math.min(rate, l.speed);
    return rate;
  }

  /** Whether scale-up plane `plane` of `domain` works as a whole (its switches' trunks). */
  upPlane(domain: number, plane: number): boolean {
    return this.failures.every((f) => !(f.kind === 'plane' && f.layer === 'scale-up' && f.plane === plane && (f.domain === undefined || f.domain === domain)));
  }

  /** The rate of the port of GPU `rank`'s NIC `nic` into scale-out plane `plane`, on leaf `leaf`: 0 failed, a slow link's speed, else 1. */
  outPort(rank: number, nic: number, plane: number, leaf: number): number {
    const works =
      this.outSwitch('leaf', plane, leaf) &&
      this.failures.every((f) => {
        if (f.kind === 'nic') return !(f.gpu === rank && (f.nic ?? 0) === nic);
        if (f.kind === 'link') return !(f.layer === 'scale-out' && f.gpu === rank && f.plane === plane && (f.nic === undefined || f.nic === nic));
        return true;
      });
    return works ? this.slowRate((l) => l.layer === 'scale-out' && l.gpu === rank && l.plane === plane && (l.nic === undefined || l.nic === nic)) : 0;
  }

  /** Whether scale-out switch `index` of `tier` in `plane` works (its plane included). */
  outSwitch(tier: string, plane: number, index: number): boolean {
    return this.failures.every(
      (f) =>
        !(
          (f.kind === 'plane' && f.layer === 'scale-out' && f.plane === plane) ||
          (f.kind === 'switch' && f.tier === tier && f.plane === plane && f.index === index)
        ),
    );
  }

  /** Share of `planes` (the planes a link stands for: one, or all when merged) that works, each counted at its rate (true: 1). */
  static share(planes: readonly number[], works: (plane: number) => boolean | number): number {
    let alive = 0;
    for (const p of planes) alive += Number(works(p));
    return alive / planes.length;
  }
}
