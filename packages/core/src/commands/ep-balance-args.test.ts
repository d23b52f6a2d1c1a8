import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args/define.js';
import { buildPreset } from '../test-support.js';
import { capacityCommand } from './capacity.js';

describe('--ep-balance in the commands', () => {
  it('capacity prices the hottest expert rank it is told: a decode step is slower with experts in order than perfectly even', () => {
    const h200 = buildPreset('hgx-h200', {}, 8);
    const stepMs = (epBalance: string) =>
      capacityCommand.run(
        h200,
        parseArgs(capacityCommand.args, { model: 'deepseek-v3', tp: 1, dpAttention: 8, ep: true, precision: 'fp8', batch: 64, epBalance }),
        {},
      ).decodeStepMs;
    expect(stepMs('none')).toBeGreaterThan(stepMs('eplb'));
    expect(stepMs('eplb')).toBeGreaterThan(stepMs('perfect'));
  });
});
