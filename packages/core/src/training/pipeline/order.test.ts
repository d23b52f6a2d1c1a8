import { describe, expect, it } from 'vitest';
import { standaloneChunks } from './dualpipe.js';
import { interleaved } from './interleaved.js';
import { pipelineSchedules } from './registry.js';
import type { PipelineOp, PipelineOrder, SchedulePlan } from './types.js';

type Shape = Pick<SchedulePlan, 'pp' | 'vpp' | 'microbatches' | 'microbatchGroup'>;

const shape = (pp: number, vpp: number, microbatches: number, microbatchGroup = pp): Shape => ({ pp, vpp, microbatches, microbatchGroup });
const names = (order: PipelineOrder, d: number) => (order[d] ?? []).map((step) => step.map((op) => `${op.kind}${op.microbatch}`).join('&'));
const ops = (order: PipelineOrder, d: number): PipelineOp[] => (order[d] ?? []).flat();

describe('order', () => {
  it.each([
    ['1f1b', shape(1, 1, 3)],
    ['1f1b', shape(4, 1, 8)],
    ['1f1b', shape(4, 1, 3)],
    ['interleaved', shape(4, 2, 8)],
    ['interleaved', shape(4, 2, 4)],
    ['interleaved', shape(2, 3, 6)],
    ['dualpipe', shape(4, 1, 8)],
    ['dualpipe', shape(8, 1, 24)],
    ['dualpipe', shape(16, 1, 120)],
    ['dualpipe', shape(8, 1, 6)],
  ])('%s order %o runs one F and one B of every micro-batch on every stage-chunk, on one device', (id, s) => {
    const order = pipelineSchedules.get(id).order(s);
    const seen = new Map<string, number>();
    order.forEach((_, d) => {
      for (const op of ops(order, d)) {
        const key = `${op.kind} ${op.microbatch} ${op.virtualStage}`;
        expect(seen.has(key), key).toBe(false);
        seen.set(key, d);
      }
    });
    for (let mb = 0; mb < s.microbatches; mb++) {
      for (let k = 0; k < s.pp * s.vpp; k++) {
        // Expected because each micro-batch passes every stage-chunk once forward and once backward, both on the device holding it.
        expect(seen.get(`F ${mb} ${k}`), `F${mb} on ${k}`).toBeDefined();
        expect(seen.get(`B ${mb} ${k}`)).toBe(seen.get(`F ${mb} ${k}`));
        if (seen.has(`W ${mb} ${k}`)) expect(seen.get(`W ${mb} ${k}`)).toBe(seen.get(`B ${mb} ${k}`));
      }
    }
    expect(seen.size - [...seen.keys()].filter((k) => k.startsWith('W')).length).toBe(2 * s.microbatches * s.pp * s.vpp);
  });

  it("oneFOneB.order is Megatron's: p - s - 1 warm-up forwards, 1F1B pairs, cool-down backwards", () => {
    const order = pipelineSchedules.get('1f1b').order(shape(4, 1, 6));
    expect(names(order, 1)).toEqual(['F0', 'F1', 'F2', 'B0', 'F3', 'B1', 'F4', 'B2', 'F5', 'B3', 'B4', 'B5']);
    expect(names(order, 3)).toEqual(['F0', 'B0', 'F1', 'B1', 'F2', 'B2', 'F3', 'B3', 'F4', 'B4', 'F5', 'B5']);
  });

  it("interleaved.order is Megatron-Core's: 2(p - r - 1) + (v - 1)p warm-up passes over the device's v chunks", () => {
    const order = pipelineSchedules.get('interleaved').order(shape(2, 2, 4));
    const chunked = (d: number) => ops(order, d).map((op) => `${op.kind}${op.microbatch}c${Math.floor(op.virtualStage / 2)}`);
    // p 2, v 2, device 1: W = 0 + 2 = 2, then forward k + 2 and backward k in turn; backwards run the chunks last first.
    expect(chunked(1)).toEqual([
      'F0c0',
      'F1c0',
      'F0c1',
      'B0c1',
      'F1c1',
      'B1c1',
      'F2c0',
      'B0c0',
      'F3c0',
      'B1c0',
      'F2c1',
      'B2c1',
      'F3c1',
      'B3c1',
      'B2c0',
      'B3c0',
    ]);
    // Device 0 warms up 2 + 2 = 4 passes: both chunks of micro-batches 0 and 1.
    expect(chunked(0).slice(0, 5)).toEqual(['F0c0', 'F1c0', 'F0c1', 'F1c1', 'F2c0']);
  });

  it('interleaved.order gives device r the virtual stages r, r + p, ..., r + (v - 1)p', () => {
    const order = pipelineSchedules.get('interleaved').order(shape(4, 3, 8));
    order.forEach((_, r) => {
      expect([...new Set(ops(order, r).map((op) => op.virtualStage))].sort((a, b) => a - b)).toEqual([r, r + 4, r + 8]);
      expect(new Set(ops(order, r).map((op) => op.stage))).toEqual(new Set([r]));
    });
  });

  it('dualPipe.order gives device d two stage-chunks, d and p - 1 - d, with micro-batches of both directions', () => {
    const order = pipelineSchedules.get('dualpipe').order(shape(8, 1, 32));
    order.forEach((_, d) => {
      expect([...new Set(ops(order, d).map((op) => op.stage))].sort((a, b) => a - b)).toEqual([Math.min(d, 7 - d), Math.max(d, 7 - d)]);
      // Direction 0 (micro-batches 0-15) meets device d at stage d, direction 1 (16-31) at stage 7 - d.
      for (const op of ops(order, d)) expect(op.virtualStage).toBe(op.microbatch < 16 ? d : 7 - d);
    });
  });

  it("dualPipe.order runs standaloneChunks' lone forwards, and one more on the middle ranks, as dualpipe.py's step 4 notes", () => {
    const order = pipelineSchedules.get('dualpipe').order(shape(16, 1, 120));
    order.forEach((steps, d) => {
      const alone = steps.filter((step) => step.length === 1 && step[0].kind === 'F').length;
      const pairs = steps.filter((step) => step.length === 2).length;
      const middle = d === 7 || d === 8 ? 1 : 0;
      expect(alone).toBe(standaloneChunks(16, d) + middle);
      expect(pairs).toBe(120 - alone);
      for (const step of steps.filter((step) => step.length === 2)) expect(step.map((op) => op.kind)).toEqual(['F', 'B']);
    });
  });

  it('dualPipe.order splits 2n - h - 1 backwards into B and W on device d (steps 3, 6 and 7), each W after its B', () => {
    // n 8: (n - h - 1) in step 3, (h + 1) in step 6, (n - h - 1) in step 7: 15 on the end devices, 8 in the middle.
    const order = pipelineSchedules.get('dualpipe').order(shape(16, 1, 120));
    order.forEach((_, d) => {
      const list = ops(order, d);
      const ws = list.filter((op) => op.kind === 'W');
      expect(ws.length).toBe(16 - Math.min(d, 15 - d) - 1);
      for (const w of ws) {
        const b = list.findIndex((op) => op.kind === 'B' && op.microbatch === w.microbatch && op.virtualStage === w.virtualStage);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(list.indexOf(w));
      }
    });
    // Device 0 starts with step 1's 14 forwards of direction 0, then step 2's F0 F1: micro-batch 14, then 60 (direction 1's first).
    expect(names(order, 0).slice(0, 17)).toEqual([...Array.from({ length: 15 }, (_, i) => `F${i}`), 'F60', 'B60']);
  });

  it('dualPipe.order below the reference m >= 2p runs every chunk alone', () => {
    const order = pipelineSchedules.get('dualpipe').order(shape(8, 1, 6));
    for (const steps of order) expect(steps.every((step) => step.length === 1 && step[0].kind !== 'W')).toBe(true);
  });
});

describe('interleaved.order with micro-batches not a multiple of PP', () => {
  it("interleaved.order follows Megatron-Core's schedule table: groups of p micro-batches, the last taking the rest", () => {
    // p 4, v 2, m 6: groups [0..3] and [4, 5]; every device runs each (micro-batch, chunk) forward and backward once.
    const order = interleaved.order(shape(4, 2, 6));
    for (const steps of order) {
      const ops = steps.flat();
      expect(ops.filter((op) => op.kind === 'F')).toHaveLength(12);
      expect(new Set(ops.filter((op) => op.kind === 'B').map((op) => `${op.microbatch}/${op.virtualStage}`)).size).toBe(12);
    }
    // Device 0 runs chunk 0 of micro-batches 0-3, chunk 1 of 0-3, then chunk 0 of 4 and 5.
    const forwards = (order[0] ?? [])
      .flat()
      .filter((op) => op.kind === 'F')
      .map((op) => `${op.microbatch}c${op.virtualStage}`);
    expect(forwards.slice(0, 10)).toEqual(['0c0', '1c0', '2c0', '3c0', '0c4', '1c4', '2c4', '3c4', '4c0', '5c0']);
  });
});

describe('interleaved.order with a micro-batch group other than PP', () => {
  it("interleaved.order runs groups of n micro-batches per chunk, Megatron-Core's table for n 3, m 5, v 2", () => {
    // schedules.py's docstring: microbatch_id 0 1 2 0 1 2 3 4 3 4, model_chunk_id 0 0 0 1 1 1 0 0 1 1 (PP 2).
    const order = interleaved.order(shape(2, 2, 5, 3));
    const forwards = (order[0] ?? [])
      .flat()
      .filter((op) => op.kind === 'F')
      .map((op) => `${op.microbatch}c${Math.floor(op.virtualStage / 2)}`);
    expect(forwards).toEqual(['0c0', '1c0', '2c0', '0c1', '1c1', '2c1', '3c0', '4c0', '3c1', '4c1']);
  });

  it('interleaved.order warms up 2(p - r - 1) + (v - 1) n passes: a larger group runs more forwards ahead', () => {
    // The first backward follows the W warm-up forwards and one steady-state forward.
    const warm = (n: number, r: number) => (interleaved.order(shape(4, 2, 16, n))[r] ?? []).findIndex((step) => step[0].kind === 'B') - 1;
    expect([warm(4, 0), warm(8, 0), warm(8, 3)]).toEqual([6 + 4, 6 + 8, 8]);
  });

  it('interleaved.check takes a group from PP to the micro-batch count, as Megatron-Core does', () => {
    expect(() => interleaved.check(shape(4, 2, 16, 3))).toThrow(/microbatchGroup: expected PP 4 to the 16 micro-batches per iteration, received 3/);
    expect(() => interleaved.check(shape(4, 2, 16, 17))).toThrow(/received 17/);
    expect(() => interleaved.check(shape(4, 2, 16, 16))).not.toThrow();
  });
});
