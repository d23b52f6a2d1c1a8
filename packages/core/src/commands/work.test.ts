import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args/define.js';
import { WorkLimitError } from '../base/errors.js';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { collectiveCommand, flowsOf } from './collective.js';
import { resilienceCommand } from './resilience.js';
import { serveCommand } from './serve.js';
import { trainCommand } from './train.js';
import type { AnyCommand } from './types.js';
import { checkWork } from './work.js';

const system = (id: string, gpus?: number) => buildSystem(systemSchema.parse(systemPresets.get(id).input), gpus === undefined ? {} : { gpus });

/** What a run throws before it simulates anything, or undefined when the work check passes (the run is not made). */
function refusal(command: AnyCommand, id: string, raw: Record<string, unknown>, gpus?: number): WorkLimitError | undefined {
  try {
    command.run(system(id, gpus), parseArgs(command.args, raw), {});
  } catch (error) {
    if (error instanceof WorkLimitError) return error;
    throw error;
  }
  return undefined;
}

describe('checkWork', () => {
  it('checkWork passes under the limit, refuses past it unless allowed, and past the hard limit always', () => {
    const e = { field: 'requests', unit: 'requests', limit: 10, hardLimit: 100 };
    expect(() => checkWork({ ...e, amount: 10 }, false)).not.toThrow();
    expect(() => checkWork({ ...e, amount: 11 }, false)).toThrow(/about 11 requests, past the 10 a run takes by default; give allowLarge/);
    expect(() => checkWork({ ...e, amount: 11 }, true)).not.toThrow();
    expect(() => checkWork({ ...e, amount: 101 }, true)).toThrow(/past the 100 any run can take/);
    expect(() => checkWork({ ...e, amount: Number.NaN }, true)).toThrow(WorkLimitError);
  });
});

describe('work limits of the commands', () => {
  it('serve refuses 2 million requests unless allowLarge, and the rate times a year always (before generating any)', () => {
    const base = { model: 'llama3-8b', rate: 10 };
    const over = refusal(serveCommand, 'hgx-h100', { ...base, requests: 2_000_000 });
    expect([over?.field, over?.amount, over?.hard]).toEqual(['requests', 2_000_000, false]);
    // rate x duration = 3.15e14 requests: past the hard limit of 50 million, allowLarge or not.
    const hard = refusal(serveCommand, 'hgx-h100', { ...base, rate: 1e7, duration: '8760h', allowLarge: true });
    expect([hard?.field, hard?.hard]).toEqual(['duration', true]);
    // Three tier lists serve the same 400,000 requests three times.
    expect(refusal(serveCommand, 'hgx-h100', { ...base, requests: 400_000, compareTiers: 'hbm;hbm,dram;hbm,remote' })?.amount).toBe(1_200_000);
  });

  it('train refuses a batch whose pipeline schedule has billions of steps, allowLarge or not', () => {
    const plan = { model: 'llama3-8b', tp: 8, pp: 1, mbs: 1, seq: 2048 };
    // gbs 1e9 on 1 replica of 8 GPUs: 1e9 micro-batches x 1 stage x 3 passes.
    const e = refusal(trainCommand, 'hgx-h100', { ...plan, gbs: 1_000_000_000, allowLarge: true });
    expect([e?.field, e?.amount, e?.hard]).toEqual(['gbs', 3e9, true]);
  });

  it('collective at flow fidelity counts its flows before building them: an all-to-all on 2,048 AL128 GPUs is 4.2 million at once', () => {
    expect(flowsOf('alltoall', 2048, 128)).toBe(2048 * 2047);
    expect(flowsOf('allreduce', 1024, 128)).toBe(1024 * 128);
    const e = refusal(collectiveCommand, 'al128', { op: 'alltoall', sizes: '1G:8G' }, 2048);
    // Four sizes of 4.19 million flows each.
    expect([e?.field, e?.amount]).toEqual(['sizes', 4 * 2048 * 2047]);
    // Analytical fidelity builds no flows: no limit.
    expect(refusal(collectiveCommand, 'al128', { op: 'alltoall', sizes: '1G:8G', fidelity: 'analytical' }, 2048)).toBeUndefined();
  });

  it('resilience refuses Monte-Carlo runs that would meet more than ten million failures unless allowLarge', () => {
    const plan = { model: 'llama3-8b', tp: 8, pp: 1, mbs: 1, gbs: 64, seq: 2048 };
    // 1e18 tokens on 16 GPUs: millions of years of compute, each run meeting failures all along.
    const e = refusal(resilienceCommand, 'hgx-h100', { ...plan, tokens: 1e18, runs: 10 }, 16);
    expect([e?.field, e?.unit]).toEqual(['tokens', 'failures over the Monte-Carlo runs']);
    expect(e?.amount).toBeGreaterThan(1e7);
  });
});
