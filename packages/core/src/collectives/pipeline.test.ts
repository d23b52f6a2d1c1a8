import { describe, expect, it } from 'vitest';
import { MAX_PIPELINE_CHUNKS, pipelineChunks, pipelinedTime, uniformPipeline } from './pipeline.js';

describe('pipelinedTime', () => {
  it('is (k + stages - 1)(alpha + work/k) for a uniform chain', () => {
    // 7 hops, 1 ms, 2 us, k = 64: 70 x (2 us + 15.625 us) = 1.23375 ms
    expect(pipelinedTime(uniformPipeline(7, 1e-3), 2e-6, 64)).toBeCloseTo(70 * (2e-6 + 1e-3 / 64), 15);
  });
  it('fills at the hop rate and streams at the busiest rank rate', () => {
    // 5 fill hops of (1 us + 1 ms / 10) + 10 rounds of (1 us + 4 ms / 10) = 505 us + 4.01 ms
    expect(pipelinedTime({ stages: 6, hopWork: 1e-3, roundWork: 4e-3 }, 1e-6, 10)).toBeCloseTo(5 * 101e-6 + 10e-6 + 4e-3, 15);
  });
});

describe('pipelineChunks', () => {
  it('takes the better neighbour of sqrt((stages - 1) hopWork / alpha)', () => {
    // sqrt(6 x 1 ms / 2 us) = 54.77: T(54) = 1.231111 ms, T(55) = 1.231091 ms -> 55
    expect(pipelineChunks(uniformPipeline(7, 1e-3), 2e-6)).toBe(55);
  });
  it('caps at MAX_PIPELINE_CHUNKS, and uses one chunk when there is nothing to overlap', () => {
    expect(pipelineChunks(uniformPipeline(7, 1), 1e-9)).toBe(MAX_PIPELINE_CHUNKS);
    expect(pipelineChunks(uniformPipeline(7, 1), 0)).toBe(MAX_PIPELINE_CHUNKS);
    expect(pipelineChunks(uniformPipeline(1, 1), 1e-6)).toBe(1);
    expect(pipelineChunks(uniformPipeline(7, 0), 1e-6)).toBe(1);
  });
});
