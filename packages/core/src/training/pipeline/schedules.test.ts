import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../base/errors.js';
import { dualPipe, standaloneChunks } from './dualpipe.js';
import { interleaved } from './interleaved.js';
import { oneFOneB } from './one-f-one-b.js';
import { pipelineSchedules } from './registry.js';
import type { SchedulePlan, StageTime } from './types.js';

const stage = (t: Partial<StageTime>): StageTime => ({ forwardS: 0, backwardS: 0, weightGradS: 0, epForwardS: 0, epBackwardS: 0, tpS: 0, cpS: 0, ...t });
const plan = (p: Partial<SchedulePlan>): SchedulePlan => ({
  ...{ pp: 4, vpp: 1, microbatches: 8, ppOverlap: true, commSms: 20, ...p },
  microbatchGroup: p.microbatchGroup ?? p.pp ?? 4,
});

describe('pipelineSchedules', () => {
  it('pipelineSchedules lists 1f1b, interleaved and dualpipe, each with a source', () => {
    expect(pipelineSchedules.ids).toEqual(['1f1b', 'interleaved', 'dualpipe']);
    for (const s of pipelineSchedules.entries) expect(s.source.length).toBeGreaterThan(10);
  });
});

describe('oneFOneB', () => {
  it('oneFOneB takes (m + p - 1) slots of the slowest stage, (p - 1) of them bubble', () => {
    // p 4, m 8, the slowest stage 1 + 2 ms: 11 x 3 = 33 ms, bubble 9 ms.
    const stages = [stage({ forwardS: 1e-3, backwardS: 2e-3 }), stage({ forwardS: 0.5e-3, backwardS: 1e-3 })];
    const t = oneFOneB.time({ plan: plan({ pp: 4 }), stages: [...stages, ...stages], p2pS: 0, sms: 132 });
    expect(t.pipelineS).toBeCloseTo(33e-3, 12);
    expect(t.bubbleS).toBeCloseTo(9e-3, 12);
  });

  it('oneFOneB waits for the all-to-all on the critical path', () => {
    const t = oneFOneB.time({ plan: plan({ pp: 2 }), stages: [stage({ forwardS: 1, backwardS: 2, epForwardS: 0.5, epBackwardS: 0.5 })], p2pS: 0, sms: 132 });
    expect(t.pipelineS).toBeCloseTo(9 * 4, 12);
    expect(t.epExposedS).toBeCloseTo(8, 12);
  });
});

describe('interleaved', () => {
  it('interleaved divides the 1F1B bubble by v', () => {
    const stages = [stage({ forwardS: 1, backwardS: 2 })];
    const one = oneFOneB.time({ plan: plan({}), stages, p2pS: 0, sms: 132 });
    const two = interleaved.time({ plan: plan({ vpp: 2 }), stages, p2pS: 0, sms: 132 });
    expect(two.bubbleS).toBeCloseTo(one.bubbleS / 2, 12);
  });

  it('interleaved with a larger micro-batch group adds what its laid-out order loses to the depth-first one, never less', () => {
    // Even stages, no sends: the two orders take the same time, so the group adds nothing; the closed form stands.
    const stages = new Array<StageTime>(4).fill(stage({ forwardS: 1e-3, backwardS: 2e-3 }));
    const depthFirst = interleaved.time({ plan: plan({ vpp: 2, microbatches: 16 }), stages, p2pS: 0, sms: 132 });
    const breadthFirst = interleaved.time({ plan: plan({ vpp: 2, microbatches: 16, microbatchGroup: 16 }), stages, p2pS: 0, sms: 132 });
    expect(depthFirst.pipelineS).toBeCloseTo((16 + 3 / 2) * 3e-3, 12);
    expect(breadthFirst.pipelineS).toBeGreaterThanOrEqual(depthFirst.pipelineS - 1e-12);
    expect(breadthFirst.pipelineS - depthFirst.pipelineS).toBeCloseTo(breadthFirst.bubbleS - depthFirst.bubbleS, 12);
  });

  it('interleaved needs at least PP micro-batches, not a multiple of PP (Megatron-Core schedule table)', () => {
    expect(() => interleaved.check({ pp: 4, vpp: 2, microbatches: 3, microbatchGroup: 4 })).toThrow(/at least PP 4 micro-batches, received 3/);
    expect(() => interleaved.check({ pp: 4, vpp: 2, microbatches: 6, microbatchGroup: 4 })).not.toThrow();
  });
});

describe('dualPipe', () => {
  it('standaloneChunks counts the reference schedule: 23 on the end devices of 16, 16 in the middle', () => {
    // dualpipe.py: 2(n - h - 1) + 2(h + 1) + (n - h - 1) forwards before the paired steps, n = 8.
    expect(standaloneChunks(16, 0)).toBe(23);
    expect(standaloneChunks(16, 15)).toBe(23);
    expect(standaloneChunks(16, 7)).toBe(16);
    expect(standaloneChunks(16, 8)).toBe(16);
  });

  it("dualPipe reproduces its worked example: 97 pairs, 23 chunks alone and Table 2's bubble", () => {
    // End device of 16: F 12, B 24 (W 6) ms compute, 20 + 20 ms all-to-all, 20 of 132 SMs to communication.
    // F&B = max(36 x 132/112, 40) = 42.43 ms; alone 32 + 44 = 76 ms; bubble 7 x (42.43 + 44 - 18) = 479 ms.
    const s = stage({ forwardS: 12e-3, backwardS: 24e-3, weightGradS: 6e-3, epForwardS: 20e-3, epBackwardS: 20e-3 });
    const t = dualPipe.time({ plan: plan({ pp: 16, microbatches: 120 }), stages: new Array<StageTime>(16).fill(s), p2pS: 1, sms: 132 });
    const pair = (36e-3 * 132) / 112;
    const bubble = 7 * (pair + 44e-3 - 18e-3);
    expect(t.bubbleS).toBeCloseTo(bubble, 12);
    expect(t.pipelineS).toBeCloseTo(97 * pair + 23 * 76e-3 + bubble, 12);
    expect(t.ppExposedS).toBe(0);
  });

  it('dualPipe hides the all-to-all behind the pair until it outlasts the computation', () => {
    // Communication longer than the slowed compute sets the pair: max(3 x 132/112, 5) = 5.
    const s = stage({ forwardS: 1, backwardS: 2, epForwardS: 2.5, epBackwardS: 2.5 });
    const t = dualPipe.time({ plan: plan({ pp: 2, microbatches: 2 }), stages: [s, s], p2pS: 0, sms: 132 });
    // p 2: n = 1, one chunk of each alone on both devices (3n - 0 - 1 = 2 capped at m = 2), no bubble.
    expect(t.bubbleS).toBe(0);
    expect(t.pipelineS).toBeCloseTo(2 * (1 + 2.5 + 2 + 2.5), 12);
  });

  it('dualPipe paces the pipeline by the device holding the heaviest pair of stages', () => {
    // Device d runs stages d and p - 1 - d: a heavy last stage makes device 0 (stages 0 and 3) the slowest.
    const light = stage({ forwardS: 1, backwardS: 2 });
    const heavy = stage({ forwardS: 3, backwardS: 6 });
    const t = dualPipe.time({ plan: plan({ pp: 4, microbatches: 8, commSms: 0 }), stages: [light, light, light, heavy], p2pS: 0, sms: 132 });
    expect(t.pace.forwardS).toBe(2);
    expect(t.pace.backwardS).toBe(4);
  });

  it('dualPipe keeps two stages of parameters per device', () => {
    expect(dualPipe.stagesPerDevice).toBe(2);
  });

  it.each([
    ['an odd number of stages', { pp: 3, vpp: 1, microbatches: 8, microbatchGroup: 3 }, /even number of stages, received PP 3/],
    ['an odd number of micro-batches', { pp: 4, vpp: 1, microbatches: 9, microbatchGroup: 4 }, /even number of micro-batches, received 9/],
    ['interleaving', { pp: 4, vpp: 2, microbatches: 8, microbatchGroup: 4 }, /VPP 2 does not apply/],
  ])('dualPipe refuses %s', (_what, shape, message) => {
    expect(() => dualPipe.check(shape)).toThrow(ConfigError);
    expect(() => dualPipe.check(shape)).toThrow(message);
  });
});
