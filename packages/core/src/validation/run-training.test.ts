import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateTrainingCase } from './run-training.js';
import { expressTrainingCase } from './training-cases.js';
import type { DevCase } from './types.js';

const devCases: DevCase[] = JSON.parse(readFileSync(new URL('../../../../../shared/validation/dev.json', import.meta.url), 'utf8'));
const nemo = devCases.filter((c) => c.id.startsWith('train-nemo2407-'));

describe('validateTrainingCase', () => {
  it('validateTrainingCase fits every NeMo 24.07 plan in the 80 GB H100 it ran on', () => {
    // They ran; a plan flagged as not fitting means the memory model holds bytes the framework does not.
    expect(nemo.length).toBeGreaterThan(10);
    for (const c of nemo) {
      const outcome = validateTrainingCase(c, 'analytical');
      expect('row' in outcome && outcome.row.setup, c.id).not.toMatch(/does not fit/);
    }
  });

  it('validateTrainingCase puts Nemotron-8B and -22B within the issue bar of 25% of NeMo', () => {
    // Published 653 and 554 model TFLOP/s: their 256k-vocabulary head in BF16, the unfused loss and squared ReLU make
    // them slower than Llama of the same size; without those the model read 833 and 743 (+28%, +34%).
    for (const id of ['train-nemo2407-h100-Nemotron-8B-64', 'train-nemo2407-h100-Nemotron-22B-64']) {
      const c = nemo.find((x) => x.id === id);
      if (!c) throw new Error(`dev.json has no case ${id}`);
      const outcome = validateTrainingCase(c, 'analytical');
      if (!('row' in outcome)) throw new Error(`${id} skipped: ${outcome.skip}`);
      expect(Math.abs(outcome.row.errorPct), id).toBeLessThan(25);
    }
  });
});

describe('expressTrainingCase', () => {
  it("expressTrainingCase runs NeMo's models with their family recipes", () => {
    // GPT-3: dropout, selective recomputation, BF16 gradient sync; Nemotron-3: none of these, FP32 gradient sync.
    const plan = (id: string) => {
      const e = expressTrainingCase(nemo.find((c) => c.id === id) as DevCase);
      if (typeof e === 'string') throw new Error(e);
      return e.plan;
    };
    expect(plan('train-nemo2407-h100-GPT3-20B-64')).toMatchObject({ dropout: true, recompute: 'selective', gradientBytes: 2 });
    expect(plan('train-nemo2407-h100-Nemotron-8B-64')).toMatchObject({ dropout: false, recompute: 'none', gradientBytes: 4, masterWeightBytes: 2 });
  });

  it('expressTrainingCase runs the SC21 Megatron rows as the 2021 code did', () => {
    const c = devCases.find((x) => x.id === 'train-megatron-t1-18.4B') as DevCase;
    const e = expressTrainingCase(c);
    if (typeof e === 'string') throw new Error(e);
    expect(e.plan).toMatchObject({ sequenceParallel: false, dpOverlap: false, ppOverlap: false, gradientBytes: 2, attention: 'unfused' });
  });
});
