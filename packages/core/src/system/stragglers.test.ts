import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { describeSystem } from '../describe/describe.js';
import { buildPreset } from '../test-support.js';
import { gpuSpeeds, MIN_DRAWN_SPEED, parseStragglerSpecs } from './stragglers.js';

describe('parseStragglerSpecs', () => {
  it('reads named GPUs, links and a spread from --straggler texts', () => {
    expect(parseStragglerSpecs(['gpu=5:speed=0.8', 'link:scale-out:plane=0:gpu=5:speed=0.5,normal:cv=0.02:seed=7'])).toEqual({
      gpus: [{ gpu: 5, speed: 0.8 }],
      links: [{ layer: 'scale-out', plane: 0, gpu: 5, speed: 0.5 }],
      spread: { distribution: 'normal', cv: 0.02, seed: 7 },
    });
    expect(parseStragglerSpecs(['gpu:gpu=1:speed=0.9'])?.gpus).toEqual([{ gpu: 1, speed: 0.9 }]);
    expect(parseStragglerSpecs([])).toBeUndefined();
  });

  it.each([
    ['an unknown kind', 'slow:gpu=5', /unknown kind 'slow'/],
    ['a speed above nominal', 'gpu=5:speed=1.2', /gpus\.0\.speed/],
    ['a missing speed', 'gpu=5', /gpus\.0\.speed/],
    ['a tail without its share', 'tail:speed=0.8:seed=1', /spread\.share/],
    ['a bare token', 'normal:cv', /'cv' is not key=value/],
  ])('refuses %s, naming --straggler', (_what, text, message) => {
    const run = () => parseStragglerSpecs([text]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });
});

describe('gpuSpeeds', () => {
  it('draws the same speeds for the same seed, and others for another', () => {
    const a = gpuSpeeds({ spread: { distribution: 'normal', cv: 0.05, seed: 1 } }, 4096);
    const b = gpuSpeeds({ spread: { distribution: 'normal', cv: 0.05, seed: 1 } }, 4096);
    const c = gpuSpeeds({ spread: { distribution: 'normal', cv: 0.05, seed: 2 } }, 4096);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(1, 2);
    expect(sd).toBeGreaterThan(0.045);
    expect(sd).toBeLessThan(0.055);
  });

  it('makes a share of GPUs slow in a tail spread, and named GPUs take their speed last', () => {
    const speeds = gpuSpeeds({ spread: { distribution: 'tail', share: 0.1, speed: 0.7, seed: 3 }, gpus: [{ gpu: 0, speed: 0.4 }] }, 10_000);
    const slow = speeds.filter((v) => v === 0.7).length;
    expect(slow).toBeGreaterThan(900);
    expect(slow).toBeLessThan(1100);
    expect(speeds[0]).toBe(0.4);
    expect(speeds.every((v) => v === 1 || v === 0.7 || v === 0.4)).toBe(true);
  });

  it('clamps a wide normal draw at the lowest speed a working GPU has', () => {
    const speeds = gpuSpeeds({ spread: { distribution: 'normal', cv: 0.3, seed: 5 } }, 100_000);
    expect(Math.min(...speeds)).toBe(MIN_DRAWN_SPEED);
  });
});

describe('buildSystem with stragglers', () => {
  it('keeps per-GPU speeds only when a GPU is slow, and names a GPU or plane the system lacks', () => {
    const linkOnly = buildPreset('hpn-h800', { stragglers: { links: [{ layer: 'scale-out', gpu: 5, plane: 1, speed: 0.5 }] } });
    expect(linkOnly.stragglers?.links).toHaveLength(1);
    expect(linkOnly.gpuSpeed).toBeUndefined();
    const slow = buildPreset('hpn-h800', { stragglers: { gpus: [{ gpu: 5, speed: 0.5 }] } });
    expect(slow.gpuSpeed?.[5]).toBe(0.5);
    expect(() => buildPreset('hpn-h800', { stragglers: { gpus: [{ gpu: 99_999, speed: 0.5 }] } })).toThrow(
      /stragglers\.gpus\.0\.gpu: GPU 99999 does not exist/,
    );
    expect(() => buildPreset('hpn-h800', { stragglers: { links: [{ layer: 'scale-out', gpu: 5, plane: 2, speed: 0.5 }] } })).toThrow(
      /stragglers\.links\.0\.plane: plane 2 does not exist; the scale-out fabric has planes 0-1/,
    );
  });
});

describe('describe on a degraded system', () => {
  it('lists what failed and what runs slow, and says nothing of it on a healthy system', () => {
    const system = buildPreset('hpn-h800', {
      failures: [{ kind: 'nic', gpu: 9 }],
      stragglers: { gpus: [{ gpu: 3, speed: 0.7 }], links: [{ layer: 'scale-out', gpu: 5, plane: 0, speed: 0.5 }] },
    });
    expect(describeSystem(system).condition).toEqual({
      failed: [{ kind: 'nic', gpu: 9 }],
      slowLinks: [{ layer: 'scale-out', gpu: 5, plane: 0, speed: 0.5 }],
      slowGpus: 1,
      slowestGpu: { rank: 3, speed: 0.7 },
      meanGpuSpeed: 1 - 0.3 / system.gpus,
    });
    expect(describeSystem(buildPreset('hpn-h800')).condition).toBeUndefined();
  });
});
