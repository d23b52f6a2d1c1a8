import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { buildTopology } from './build-system.js';
import { Distances } from './distances.js';
import { bfsDistances } from './routing.js';

describe('Distances', () => {
  it.each([
    ['al128', undefined],
    ['hgx-h100', 1024],
    ['cloudmatrix384', undefined],
    ['hpn-h800', undefined],
  ] as const)('hops on %s match a plain breadth-first search from the destination', (preset, gpus) => {
    for (const switches of ['each', 'pooled'] as const) {
      const topo = buildTopology(buildPreset(preset, {}, gpus), { planes: 'merged', switches });
      const distances = new Distances(topo, 2);
      for (const dst of [0, 9, topo.gpus.length - 1].map((r) => topo.gpus[r] as number)) {
        const reference = bfsDistances(topo, dst);
        distances.select(dst);
        for (let v = 0; v < topo.nodes.length; v++) {
          const kind = topo.nodes[v]?.kind;
          // GPUs and switches are what routes start from and pass through; the reference labels both the same way.
          if (kind === 'gpu' || kind === 'switch' || kind === 'nic')
            expect(distances.hops(v), `${preset} ${switches} ${topo.nodes[v]?.name}`).toBe(reference[v]);
        }
      }
    }
  });
});
