import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { switchChips } from '../hardware/index.js';
import { buildTopology } from '../topology/build-system.js';
import { pairStatsFrom } from '../topology/pair-stats.js';
import { systemPower } from './power.js';
import { type SystemInput, systemSchema } from './schema.js';
import { buildSystem } from './system.js';

const scaleUpChips = switchChips.entries.filter((c) => c.fabric === 'scale-up');

/** Random designs that are valid by construction: the domain fits the chip, planes divide NIC ports. */
const designs = fc
  .record({
    serverGpus: fc.constantFrom(4, 8),
    serversPerDomain: fc.integer({ min: 1, max: 8 }),
    domains: fc.integer({ min: 1, max: 5 }),
    chip: fc.constantFrom(...scaleUpChips),
    lanes: fc.integer({ min: 1, max: 40 }),
    nic: fc.constantFrom('cx7', 'cx8', 'bluefield3'),
    outSwitch: fc.constantFrom('tomahawk5', 'tomahawk6', 'quantum-2'),
    dualPlane: fc.boolean(),
    railOptimized: fc.boolean(),
    oversubscription: fc.constantFrom(1, 1.5, 2, 3),
  })
  .filter((d) => d.serverGpus * d.serversPerDomain <= d.chip.lanes)
  .map((d): { input: SystemInput; domainSize: number } => {
    const domainSize = d.serverGpus * d.serversPerDomain;
    const gpus = domainSize * d.domains;
    return {
      domainSize,
      input: {
        name: 'random',
        gpu: 'h100-sxm',
        gpus,
        server: { gpus: d.serverGpus, cpu: 'xeon-8480' },
        scaleUp: { domainSize, switch: d.chip.id, bandwidthPerGpu: d.lanes * d.chip.laneRate },
        scaleOut: {
          nic: d.nic,
          switch: d.outSwitch,
          planes: d.nic === 'bluefield3' && d.dualPlane ? 2 : 1,
          railOptimized: d.railOptimized,
          oversubscription: d.oversubscription,
        },
        rack: { spec: 'al128-rack', gpus: domainSize },
      },
    };
  });

describe('buildSystem (property)', () => {
  it('buildSystem: random valid designs keep every invariant of the design', () => {
    fc.assert(
      fc.property(designs, ({ input, domainSize }) => {
        const system = buildSystem(systemSchema.parse(input));
        const topo = buildTopology(system);
        const last = system.gpus - 1;
        // Every GPU reaches every GPU: from the first and from the last GPU (fabrics are symmetric).
        expect(pairStatsFrom(topo, 0).reachable).toBe(system.gpus - 1);
        expect(pairStatsFrom(topo, last).reachable).toBe(system.gpus - 1);
        // Single-stage scale-up: exactly one switch between any two GPUs of a domain.
        if (domainSize > 1) {
          const inDomain = pairStatsFrom(topo, 0, 'same-domain');
          expect(inDomain.switchHopsMin).toBe(1);
          expect(inDomain.switchHopsMax).toBe(1);
        }
        // No switch uses more lanes than its chip has.
        expect(system.scaleUp.lanesUsedMax).toBeLessThanOrEqual(system.scaleUp.lanesAvailable);
        for (const tier of system.scaleOut?.switchTiers ?? []) expect(tier.lanesUsedMax).toBeLessThanOrEqual(tier.lanesAvailable);
        // A GPU's scale-up links add up to its provisioned bandwidth.
        const gpu0 = topo.gpus[0] as number;
        const upCapacity = topo.links.filter((l) => l.from === gpu0 && l.layer === 'scale-up').reduce((s, l) => s + l.capacity, 0);
        expect(upCapacity).toBeCloseTo(system.scaleUp.provisionedPerGpu, 0);
        // Power is the sum of its components.
        const power = systemPower(system);
        const parts = Object.values(power.byComponent).reduce((a, b) => a + b, 0);
        expect(power.total).toBeCloseTo(parts, 6);
      }),
      { numRuns: 40, seed: 20261126 },
    );
  });
});
