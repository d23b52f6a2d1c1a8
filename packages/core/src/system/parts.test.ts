/** Parts a scenario defines itself: checked as the catalogue is, looked up before it, and priced by every model. */

import { describe, expect, it } from 'vitest';
import { gpus } from '../hardware/gpus.js';
import { models } from '../models/registry.js';
import { loadScenario, ScenarioError } from '../scenario/load.js';
import { decodeRate } from '../serving/steady.js';
import { buildPreset } from '../test-support.js';
import { train } from '../training/train.js';
import { systemFailures } from './failures.js';
import { buildSystem } from './system.js';

/** A GPU defined whole: every field the models read, GB200's kernels. */
const WHOLE_GPU = {
  name: 'Paper GPU',
  vendor: 'nobody',
  peak: { bf16: '5PFLOPS', fp8: '10PFLOPS', fp4: null, int8: null },
  hbmCapacity: '288GB',
  hbmBandwidth: '16TB/s',
  tdp: '1800W',
  scaleUpLinks: 18,
  scaleUpLinkBandwidth: '100GB/s',
  scaleUpProtocol: 'NVLink6',
  priceUsd: 60_000,
  measuredAs: 'gb200',
};

function problems(text: string): string[] {
  try {
    loadScenario(text, 'parts.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('parts', () => {
  it('a GPU defined whole builds a system with its figures, its usable memory its capacity, priced as the GPU it is measured as', () => {
    const system = buildPreset('gb200-nvl72', { gpu: 'paper', parts: { gpus: { paper: WHOLE_GPU } } });
    const gpu = system.spec.gpu;
    expect([gpu.id, gpu.name, gpu.peak.bf16, gpu.hbmUsable, gpu.hbmBandwidth, gpu.measuredAs]).toEqual(['paper', 'Paper GPU', 5e15, 288e9, 16e12, 'gb200']);
    expect(gpu.assumptions).toContain('defined in the scenario');
    expect(system.scaleUp.provisionedPerGpu).toBe(18 * 100e9);
  });

  it('a part that extends a catalogue entry keeps its other fields, merges nested ones and is measured as it', () => {
    const system = buildPreset('gb200-nvl72', { gpu: 'x', parts: { gpus: { x: { extends: 'gb200', peak: { bf16: '5PFLOPS' }, tdp: '1.8kW' } } } });
    const gb200 = gpus.get('gb200');
    const gpu = system.spec.gpu;
    expect(gpu.peak).toEqual({ ...gb200.peak, bf16: 5e15 });
    expect([gpu.tdp, gpu.hbmBandwidth, gpu.scaleUpLinks, gpu.measuredAs]).toEqual([1800, gb200.hbmBandwidth, gb200.scaleUpLinks, 'gb200']);
  });

  it('train and serve price the part: twice the compute and memory bandwidth train and decode faster than the GPU it extends', () => {
    const twice = {
      gpu: 'x2',
      parts: { gpus: { x2: { extends: 'gb200', peak: { bf16: '5PFLOPS', fp8: '10PFLOPS' }, hbmBandwidth: '16TB/s' } } },
    };
    const base = buildPreset('gb200-nvl72');
    const next = buildPreset('gb200-nvl72', twice);
    const plan = { tp: 4, pp: 1, zero: 1 as const, mbs: 1, gbs: 72, seq: 4096, recompute: 'full' as const };
    const llama = models.get('llama3-70b');
    expect(train(next, llama, plan).tokensPerSecPerGpu).toBeGreaterThan(1.5 * train(base, llama, plan).tokensPerSecPerGpu);
    const shape = { tp: 8, dpAttention: 1, ep: 1, precision: 'fp8' as const, kvBytesPerElement: 2 };
    // A decode step of 64 requests at 4K reads 20 GB a GPU (weights and KV): twice the HBM bandwidth shortens that part;
    // kernel gaps and the TP all-reduces stay.
    const rate = (s: typeof base) => decodeRate(s, llama, shape, 64, 4096).tokensPerSecPerGpu;
    expect(rate(next)).toBeGreaterThan(1.1 * rate(base));
  });

  it('a switch chip, a medium and a rack of the scenario replace the catalogue ones, and a copper medium of its own is not counted as optics', () => {
    const system = buildPreset('gb200-nvl72', {
      scaleUp: { switch: 'wide', medium: 'my-copper' },
      rack: { spec: 'big' },
      parts: {
        switches: { wide: { extends: 'nvswitch-gen4', laneRate: '100GB/s' } },
        media: { 'my-copper': { reach: 3, energyPjPerBit: 1, usdPerGbps: 0.1, latency: 0, optical: false } },
        racks: { big: { extends: 'nvl72-rack', powerBudget: '250kW' } },
      },
    });
    expect([system.spec.scaleUp.switch.id, system.spec.scaleUp.switch.laneRate, system.spec.rack.powerBudget]).toEqual(['wide', 100e9, 250e3]);
    expect(systemFailures(system).components.find((c) => c.key === 'scale-up-optics')).toBeUndefined();
    const cpo = buildPreset('gb200-nvl72', { scaleUp: { medium: 'my-optics' }, parts: { media: { 'my-optics': { extends: 'cpo', reach: 10 } } } });
    expect(systemFailures(cpo).components.find((c) => c.key === 'scale-up-optics')?.units).toBeGreaterThan(0);
  });

  it('a GPU that extends nothing and leaves fields out is refused field by field, with the part named', () => {
    const { scaleUpLinks: _, priceUsd: __, ...partial } = WHOLE_GPU;
    const found = problems(`extends: gb200-nvl72\ngpu: p\nparts:\n  gpus:\n    p: ${JSON.stringify(partial)}\n`);
    expect(found).toEqual([
      expect.stringMatching(/^parts\.gpus\.p\.scaleUpLinks: required: a GPU that extends no catalogue GPU gives every field/),
      expect.stringMatching(/^parts\.gpus\.p\.priceUsd: required/),
    ]);
  });

  it('unknown ids, catalogue ids reused and an unmeasured measuredAs are refused by path', () => {
    const found = problems(
      [
        'extends: gb200-nvl72',
        'gpu: x-nxt',
        'scaleUp: { switch: nope }',
        'parts:',
        '  gpus:',
        '    x-next: { extends: gb201 }',
        '    b200: { extends: b200 }',
        `    w: ${JSON.stringify({ ...WHOLE_GPU, measuredAs: 'tpu' })}`,
      ].join('\n'),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parts\.gpus\.x-next\.extends: unknown GPU 'gb201' \(did you mean 'gb200'\?\)/),
        expect.stringMatching(/^parts\.gpus\.b200: 'b200' is a catalogue GPU: give the part an id of its own/),
        expect.stringMatching(/^parts\.gpus\.w\.measuredAs: unknown GPU 'tpu'/),
      ]),
    );
    const refs = problems('extends: gb200-nvl72\ngpu: x-nxt\nscaleUp: { switch: nope }\nparts: { gpus: { x-next: { extends: gb200 } } }\n');
    expect(refs).toEqual([
      expect.stringMatching(/^gpu: unknown GPU 'x-nxt' \(did you mean 'x-next'\?\); expected one of .*, or one of this scenario's: x-next$/),
      expect.stringMatching(/^scaleUp\.switch: unknown switch chip 'nope'; .* or a switch chip defined under parts\.switches$/),
    ]);
  });

  it('a wrong unit in a part names the part and the field', () => {
    expect(problems('extends: gb200-nvl72\ngpu: x\nparts: { gpus: { x: { extends: gb200, hbmBandwidth: fast } } }\n')).toEqual([
      expect.stringMatching(/^parts\.gpus\.x\.hbmBandwidth: 'fast' is not a quantity: expected a rate/),
    ]);
  });

  it('a scenario without parts builds as before: catalogue GPUs are measured as themselves', () => {
    const system = buildSystem(loadScenario('extends: hgx-h100\n', 'h100.yaml'));
    expect(system.spec.gpu).toBe(gpus.get('h100-sxm'));
  });

  it("reads parts from the catalogue files partsFrom names, checked with their own positions; the scenario's own parts win", () => {
    const files: Record<string, string> = {
      'lab/parts.yaml': 'gpus:\n  x: { extends: gb200, tdp: 1800W }\n  y: { extends: b200 }\n',
      'lab/bad.yaml': 'gpus:\n  x: { extends: gb200, tdp: hot }\n',
    };
    const read = (path: string) => ({ text: files[`lab/${path}`] ?? '', file: `lab/${path}` });
    const spec = loadScenario('extends: gb200-nvl72\ngpu: x\npartsFrom: parts.yaml\nparts: { gpus: { y: { extends: b300 } } }\n', 'lab/sys.yaml', read);
    expect(buildSystem(spec).spec.gpu.tdp).toBe(1800);
    expect(spec.parts?.gpus?.y?.extends).toBe('b300');
    const bad = () => loadScenario('extends: gb200-nvl72\ngpu: x\npartsFrom: [bad.yaml]\n', 'lab/sys.yaml', read);
    expect(bad).toThrow(/^lab\/bad\.yaml:2:\d+: gpus\.x\.tdp: 'hot' is not a quantity/);
    expect(problems('extends: gb200-nvl72\npartsFrom: parts.yaml\n')).toEqual([
      expect.stringMatching(/^partsFrom: parts catalogue files are read by the command line/),
    ]);
  });
});
