/** Iteration schedulers of a replica: how prompts share an iteration with decodes. One registry; the CLI reads it. */

import { createRegistry, type RegistryEntry } from '../registry/registry.js';

export interface IterationScheduler extends RegistryEntry {
  /** Whether a prompt may be split across iterations to fill the token budget beside the decodes. */
  readonly chunkedPrefill: boolean;
}

export const schedulers = createRegistry<IterationScheduler>('scheduler', [
  {
    id: 'chunked-prefill',
    description: 'continuous batching; prompts split into chunks that fill the token budget beside the running decodes',
    source: 'Agrawal et al., "Taming Throughput-Latency Tradeoff in LLM Inference with Sarathi-Serve", OSDI 2024; vLLM v1 default',
    chunkedPrefill: true,
  },
  {
    id: 'whole-prefill',
    description: 'continuous batching; a prompt runs whole in one iteration (it must fit the token budget), decodes beside it',
    source: 'Yu et al., "Orca: A Distributed Serving System for Transformer-Based Generative Models", OSDI 2022; vLLM v0 default',
    chunkedPrefill: false,
  },
]);
