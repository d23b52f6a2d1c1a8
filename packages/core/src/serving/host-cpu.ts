/**
 * The CPU side of serving, per OS image: the front end's work on each request (chat template, tokenization,
 * detokenizing and streaming each output token), one busy core per GPU worker process and per replica scheduler, against
 * the cores the OS image has. How many GPUs share an OS image (server.gpusPerOs) sets how many cores each GPU gets.
 */

import type { System } from '../system/system.js';

/**
 * CPU seconds the front end spends on a request, measured on single cores of the tokenizer library the engines share
 * (Hugging Face tokenizers, Rust):
 * - perRequestS 1.3 ms: rendering the chat template and encoding a 131-token chat completion, best of four in a C++
 *   server (tenstorrent/tt-inference-server issue 2173: 1.32-2.82 ms; the encode itself is a small part of it);
 * - perPromptTokenS 0.24 us: encoding 8K tokens in 2 ms on one core (ai-dynamo/dynamo pull 1868);
 * - perOutputTokenS 1.18 us: incremental detokenization, 845,171 tokens/s on one thread with DecodeStream
 *   (sgl-project/sglang pull 9427, the router's tokenizer benchmark). Python front ends add their per-chunk HTTP and
 *   JSON work on top, which no source times on its own: a lower bound.
 */
export const FRONT_END_CPU = { perRequestS: 1.3e-3, perPromptTokenS: 0.24e-6, perOutputTokenS: 1.18e-6 } as const;

/** The front end's time on one request before its prompt may be scheduled: template and tokenization. Example: 2,048 tokens -> 1.79 ms. */
export function frontEndS(promptTokens: number): number {
  return FRONT_END_CPU.perRequestS + FRONT_END_CPU.perPromptTokenS * promptTokens;
}

/** What a run asks of its hosts' CPUs. */
export interface HostCpuLoad {
  readonly gpusPerOs: number;
  /** OS images the run's GPUs sit in. */
  readonly osImages: number;
  readonly coresPerOs: number;
  /** Cores a run keeps busy in one OS image, on average: its GPU workers, its replicas' schedulers and its share of the front end. */
  readonly busyCoresPerOs: number;
  readonly frontEndCoresPerOs: number;
  readonly utilization: number;
  readonly warnings: readonly string[];
}

/** The rates a serving run reached, per second over the whole run. */
export interface ServingRates {
  readonly requestsPerS: number;
  readonly promptTokensPerS: number;
  readonly outputTokensPerS: number;
}

/**
 * The CPU load of `replicas` replicas of `gpusPerReplica` GPUs on the system's first GPUs: each GPU's worker process
 * and each replica's scheduler hold a core (vLLM, SGLang and TensorRT-LLM each run a process per GPU that launches its
 * kernels, and a scheduler loop per engine, busy-waiting between steps); the front end's work at the run's rates is
 * spread over the OS images. Example: 32 GPUs of 8 replicas in one OS image of 2 x 96 cores at 200 requests/s of 2,048
 * tokens and 40,000 output tokens/s: 32 + 8 + 200 x 1.79 ms + 40,000 x 1.18 us = 40.4 cores, 21% of 192.
 */
export function hostCpuLoad(system: System, replicas: number, gpusPerReplica: number, rates: ServingRates): HostCpuLoad {
  const s = system.spec;
  const gpusPerOs = s.server.gpusPerOs;
  const gpus = Math.min(system.gpus, replicas * gpusPerReplica);
  const osImages = Math.max(1, Math.ceil(gpus / gpusPerOs));
  const coresPerOs = s.server.cpus * s.server.cpu.cores;
  const frontEnd =
    rates.requestsPerS * FRONT_END_CPU.perRequestS +
    rates.promptTokensPerS * FRONT_END_CPU.perPromptTokenS +
    rates.outputTokensPerS * FRONT_END_CPU.perOutputTokenS;
  const frontEndCoresPerOs = frontEnd / osImages;
  const busyCoresPerOs = gpus / osImages + replicas / osImages + frontEndCoresPerOs;
  const utilization = coresPerOs > 0 ? busyCoresPerOs / coresPerOs : Number.POSITIVE_INFINITY;
  const warnings =
    utilization > 1
      ? [
          `host CPU: each of the ${osImages} OS images needs ${busyCoresPerOs.toFixed(1)} cores (${(gpus / osImages).toFixed(0)} GPU workers, ` +
            `${(replicas / osImages).toFixed(1)} schedulers, ${frontEndCoresPerOs.toFixed(1)} of tokenizing and streaming) of its ${coresPerOs}: ` +
            `${(gpusPerOs / (coresPerOs || 1)).toFixed(2)} GPUs a core is too many for these engines' CPU work; fewer GPUs per OS or more cores`,
        ]
      : [];
  return { gpusPerOs, osImages, coresPerOs, busyCoresPerOs, frontEndCoresPerOs, utilization, warnings };
}
