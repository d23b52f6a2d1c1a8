/** Tests of the CPU side of serving: the front end's time on a request, and the load a run puts on each OS image's cores. */

import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { FRONT_END_CPU, frontEndS, hostCpuLoad } from './host-cpu.js';
import { serve } from './serve.js';
import { generateRequests, type WorkloadSpec } from './workload.js';

const llama8 = models.get('llama3-8b');
const fixed = (prompt: number, output: number, rateRps: number, requests: number): WorkloadSpec => ({
  arrival: { kind: 'poisson', rateRps },
  requests,
  input: { kind: 'fixed', tokens: prompt },
  output: { kind: 'fixed', tokens: output },
  seed: 3,
});

describe('host CPU', () => {
  it('frontEndS is the template and the tokenization: 1.3 ms + 0.24 us a token (2,048 tokens: 1.79 ms)', () => {
    expect(frontEndS(2048)).toBeCloseTo(1.3e-3 + 2048 * 0.24e-6, 12);
    expect(frontEndS(0)).toBe(FRONT_END_CPU.perRequestS);
  });

  it("hostCpuLoad: a worker core per GPU, a scheduler core per replica, the front end's work spread over the OS images", () => {
    const al128 = buildPreset('al128', { server: { gpusPerOs: 32 } });
    const load = hostCpuLoad(al128, 8, 4, { requestsPerS: 200, promptTokensPerS: 200 * 2048, outputTokensPerS: 40_000 });
    expect(load.osImages).toBe(1);
    expect(load.frontEndCoresPerOs).toBeCloseTo(200 * frontEndS(2048) + 40_000 * FRONT_END_CPU.perOutputTokenS, 9);
    expect(load.busyCoresPerOs).toBeCloseTo(32 + 8 + load.frontEndCoresPerOs, 9);
    expect(load.utilization).toBeCloseTo(load.busyCoresPerOs / load.coresPerOs, 12);
    expect(load.warnings).toEqual([]);
  });

  it('serve: the front end adds its CPU time to the TTFT at light load, and --request-overhead 0 takes it away', () => {
    const h100 = buildPreset('hgx-h100');
    const requests = () => generateRequests(fixed(4096, 16, 0.5, 40));
    const modelled = serve(h100, llama8, requests(), { tp: 1, replicas: 1 });
    const none = serve(h100, llama8, requests(), { tp: 1, replicas: 1, requestOverhead: 0 });
    expect(modelled.ttftMs.p50 - none.ttftMs.p50).toBeCloseTo(frontEndS(4096) * 1e3, 3);
  });

  it('serve warns naming the OS images and their cores when 32 GPUs of small replicas share one 56-core host CPU', () => {
    const few = buildPreset('al128', { server: { gpusPerOs: 32, cpus: 1, cpu: 'xeon-8480' } });
    const r = serve(few, llama8, generateRequests(fixed(512, 64, 200, 400)), { tp: 1, replicas: 32 });
    expect(r.hostCpu.coresPerOs).toBe(56);
    expect(r.hostCpu.utilization).toBeGreaterThan(1);
    expect(r.hostCpu.warnings.join('\n')).toMatch(/host CPU: each of the 1 OS images needs [\d.]+ cores \(32 GPU workers, 32\.0 schedulers, .* of its 56/);
    // Eight GPUs per OS give each OS image its own CPU: the same run fits.
    const eight = serve(buildPreset('al128', { server: { gpusPerOs: 8, cpus: 1, cpu: 'xeon-8480' } }), llama8, generateRequests(fixed(512, 64, 200, 400)), {
      tp: 1,
      replicas: 32,
    });
    expect(eight.hostCpu.warnings).toEqual([]);
  });
});
