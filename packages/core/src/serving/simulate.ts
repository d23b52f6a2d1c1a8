/**
 * The serving simulation: requests arrive, a router places them, replicas run iterations (prefill chunks and decodes),
 * prefix caches hit across KV tiers, and with prefill/decode disaggregation finished prompts move their KV cache to a
 * decode replica over the fabric. A discrete-event loop with deterministic ties; time only moves forward.
 */

import { EventQueue } from '../network/event-queue.js';
import type { System } from '../system/system.js';
import type { KvTransferModel } from './deployment.js';
import type { KvTier, TieredPrefixCache } from './kv-tiers.js';
import type { RequestTiming } from './metrics.js';
import type { Job, Replica } from './replica.js';
import type { Router } from './routers.js';
import { PREFIX_BLOCK_TOKENS, type ServingRequest } from './workload.js';

export interface ReplicaSlot {
  readonly replica: Replica;
  /** First GPU of the replica in the system. */
  readonly firstGpu: number;
  readonly cache: TieredPrefixCache;
}

export interface SimulationInput {
  readonly system: System;
  readonly requests: readonly ServingRequest[];
  /** Replicas that take arrivals (mixed, or prefill with disaggregation). */
  readonly front: readonly ReplicaSlot[];
  /** Decode replicas under disaggregation; empty otherwise. */
  readonly decode: readonly ReplicaSlot[];
  readonly router: Router;
  /** KV bytes per token across a replica, for transfers between replicas. */
  readonly kvBytesPerToken: number;
  /** GPUs a request's KV is spread over (its attention group's TP), which move it in parallel. */
  readonly kvShards: number;
  readonly transfers: KvTransferModel;
  /**
   * Closed loop: this many clients, each sending its next request (the next of `requests`, in order) the moment its
   * previous one finishes, as concurrency benchmarks do; the first `clients` requests arrive at their own times (a
   * benchmark's ramp), the rest when a client is free.
   */
  readonly clients?: number;
  /** Called with the requests finished so far, about every 1% of them. */
  readonly onProgress?: (finished: number, total: number) => void;
}

export interface SimulationResult {
  readonly timings: RequestTiming[];
  /** Integral over time of the number of requests in the system (arrived, not finished). */
  readonly inSystemSeconds: number;
  readonly preemptions: number;
  /** Prompt blocks served from each tier (HBM hits need no fetch). */
  readonly hitBlocks: Record<KvTier, number>;
  readonly promptBlocks: number;
  readonly kvTransferS: number;
}

type Event =
  | { readonly kind: 'arrival'; readonly request: ServingRequest }
  | { readonly kind: 'step'; readonly slot: ReplicaSlot }
  | { readonly kind: 'wake'; readonly slot: ReplicaSlot }
  | { readonly kind: 'handoff'; readonly slot: ReplicaSlot; readonly job: Job };

/** Runs every request to completion and returns their timings. */
export function simulateServing(input: SimulationInput): SimulationResult {
  // Event objects live in slots that are reused once popped, so a long run keeps only the pending ones.
  const events: (Event | undefined)[] = [];
  const freeSlots: number[] = [];
  const queue = new EventQueue(1024);
  const schedule = (time: number, event: Event) => {
    const slot = freeSlots.pop() ?? events.length;
    events[slot] = event;
    queue.push(time, slot);
  };
  let nextRequest = input.clients === undefined ? input.requests.length : Math.min(input.clients, input.requests.length);
  if (input.clients === undefined) for (const request of input.requests) schedule(request.arrivalS, { kind: 'arrival', request });
  else for (const request of input.requests.slice(0, nextRequest)) schedule(request.arrivalS, { kind: 'arrival', request });
  const timings: RequestTiming[] = [];
  const hitBlocks: Record<KvTier, number> = { hbm: 0, dram: 0, cxl: 0, remote: 0 };
  let promptBlocks = 0;
  let preemptions = 0;
  let transferS = 0;
  let inSystem = 0;
  let inSystemSeconds = 0;
  let lastTime = 0;
  let routed = 0;
  const wakePending = new Set<ReplicaSlot>();

  const kick = (slot: ReplicaSlot, now: number) => {
    if (!slot.replica.idle) return;
    const end = slot.replica.start(now);
    if (end !== undefined) {
      schedule(end, { kind: 'step', slot });
      return;
    }
    const ready = slot.replica.nextReadyS();
    if (ready !== undefined && ready > now && !wakePending.has(slot)) {
      wakePending.add(slot);
      schedule(ready, { kind: 'wake', slot });
    }
  };

  const candidates = (slots: readonly ReplicaSlot[]) =>
    slots.map((s) => ({ id: s.replica.id, outstanding: s.replica.outstanding, cachedBlocks: (h: readonly number[]) => s.cache.hbmPrefixBlocks(h), slot: s }));

  const progressStep = Math.max(1, Math.ceil(input.requests.length / 100));
  while (queue.size > 0) {
    const now = queue.peekTime();
    const slot = queue.pop();
    const event = events[slot] as Event;
    events[slot] = undefined;
    freeSlots.push(slot);
    inSystemSeconds += inSystem * (now - lastTime);
    lastTime = now;
    switch (event.kind) {
      case 'arrival': {
        inSystem++;
        const request = event.request;
        const pick = input.router.pick(candidates(input.front), request.blockHashes, routed++) as ReturnType<typeof candidates>[number];
        const slot = pick.slot;
        slot.cache.setHbmCapacity(Math.floor(slot.replica.freeTokens / PREFIX_BLOCK_TOKENS));
        const hit = slot.cache.lookup(request.blockHashes);
        const blocks = hit.blocks.hbm + hit.blocks.dram + hit.blocks.cxl + hit.blocks.remote;
        for (const tier of Object.keys(hitBlocks) as KvTier[]) hitBlocks[tier] += hit.blocks[tier];
        promptBlocks += request.blockHashes.length;
        // The last prompt token is always computed: it makes the first output token's logits.
        const cached = Math.min(blocks * PREFIX_BLOCK_TOKENS, request.inputTokens - 1);
        slot.replica.enqueue({
          req: request,
          prefillLeft: request.inputTokens - cached,
          context: 0,
          generated: 0,
          readyS: now + hit.fetchS,
          cachedTokens: cached,
        });
        kick(slot, now);
        break;
      }
      case 'wake':
        wakePending.delete(event.slot);
        kick(event.slot, now);
        break;
      case 'step': {
        const { slot } = event;
        const end = slot.replica.finish(now);
        preemptions += end.preemptions;
        for (const job of end.finished) {
          inSystem--;
          timings.push(timing(job, now));
          if (input.onProgress && timings.length % progressStep === 0) input.onProgress(timings.length, input.requests.length);
          // A closed-loop client sends its next request now.
          if (input.clients !== undefined && nextRequest < input.requests.length) {
            schedule(now, { kind: 'arrival', request: { ...(input.requests[nextRequest++] as ServingRequest), arrivalS: now } });
          }
        }
        for (const job of end.prefilled) {
          // Its prompt's blocks join the prefill replica's cache; its KV moves to the least-loaded decode replica.
          slot.cache.setHbmCapacity(Math.floor(slot.replica.freeTokens / PREFIX_BLOCK_TOKENS));
          slot.cache.store(job.req.blockHashes);
          const target = (candidates(input.decode).reduce((a, b) => (b.outstanding < a.outstanding ? b : a)) as ReturnType<typeof candidates>[number]).slot;
          const seconds = input.transfers.seconds(slot.firstGpu, target.firstGpu, input.kvShards, job.context * input.kvBytesPerToken);
          transferS += seconds;
          target.replica.enqueue({ ...job, readyS: now + seconds });
          schedule(now + seconds, { kind: 'handoff', slot: target, job });
        }
        // What a finished request leaves (its input and output) stays cached for a later turn, spilling down the tiers.
        for (const job of end.finished) {
          slot.cache.setHbmCapacity(Math.floor(slot.replica.freeTokens / PREFIX_BLOCK_TOKENS));
          slot.cache.store(job.req.contextHashes ?? job.req.blockHashes);
        }
        kick(slot, now);
        break;
      }
      case 'handoff':
        kick(event.slot, now);
        break;
    }
  }
  return { timings, inSystemSeconds, preemptions, hitBlocks, promptBlocks, kvTransferS: transferS };
}

function timing(job: Job, finishS: number): RequestTiming {
  return {
    id: job.req.id,
    arrivalS: job.req.arrivalS,
    firstTokenS: job.firstTokenS ?? finishS,
    finishS,
    inputTokens: job.req.inputTokens,
    outputTokens: job.req.outputTokens,
    cachedTokens: job.cachedTokens,
  };
}
