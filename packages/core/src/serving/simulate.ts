/**
 * The serving simulation: requests arrive, a router places them, replicas run iterations (prefill chunks and decodes),
 * prefix caches hit across KV tiers, and with prefill/decode disaggregation finished prompts move their KV cache to a
 * decode replica over the fabric. A discrete-event loop with deterministic ties; time only moves forward.
 */

import { EventQueue } from '../network/event-queue.js';
import type { System } from '../system/system.js';
import type { KvTransferModel } from './deployment.js';
import type { KvTier, TieredPrefixCache } from './kv-tiers.js';
import { TimingLog } from './metrics.js';
import type { Job, Replica } from './replica.js';
import type { RouteCandidate, Router } from './routers.js';
import { PREFIX_BLOCK_TOKENS, type RequestSource, type ServingRequest } from './workload.js';

export interface ReplicaSlot {
  readonly replica: Replica;
  /** First GPU of the replica in the system. */
  readonly firstGpu: number;
  readonly cache: TieredPrefixCache;
}

export interface SimulationInput {
  readonly system: System;
  /** Walked once, in arrival order (an array out of order is sorted first): each request is read when it arrives. */
  readonly requests: RequestSource;
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
  /** Front-end time (HTTP, tokenization) before an arriving request may be scheduled (engines.ts). */
  readonly requestOverheadS: number;
  /** Front-end time per prompt token on top of requestOverheadS (tokenization; host-cpu.ts); 0 where absent. */
  readonly requestOverheadSPerToken?: number;
  /**
   * Closed loop: this many clients, each sending its next request (the next of `requests`, in order) the moment its
   * previous one finishes, as concurrency benchmarks do; the first `clients` requests arrive at their own times (a
   * benchmark's ramp), the rest when a client is free.
   */
  readonly clients?: number;
  /** Called with the requests finished so far, about every 1% of them. */
  readonly onProgress?: (finished: number, total: number) => void;
  /** Requests (the lowest ids) left out of the timings: a benchmark's warm-up. */
  readonly warmup?: number;
}

export interface SimulationResult {
  readonly timings: TimingLog;
  /** Integral over time of the number of requests in the system (arrived, not finished). */
  readonly inSystemSeconds: number;
  readonly preemptions: number;
  /** Prompt blocks served from each tier (HBM hits need no fetch). */
  readonly hitBlocks: Record<KvTier, number>;
  readonly promptBlocks: number;
  readonly kvTransferS: number;
  /** Replica-seconds of iterations that prefilled (compute-bound) and of decode-only ones (memory-bound), warm-up included. */
  readonly busyReplicaS: { readonly prefilling: number; readonly decoding: number };
  /** From the first arrival to the last finish, warm-up included: the window the busy time falls in. */
  readonly windowS: number;
}

type Event =
  | { readonly kind: 'arrival'; readonly request: ServingRequest }
  | { readonly kind: 'step'; readonly slot: ReplicaSlot }
  | { readonly kind: 'wake'; readonly slot: ReplicaSlot }
  | { readonly kind: 'handoff'; readonly slot: ReplicaSlot; readonly job: Job };

/** A replica as routers see it: made once per run, its outstanding count refreshed before each pick. */
interface Candidate extends RouteCandidate {
  outstanding: number;
  readonly slot: ReplicaSlot;
}

const candidatesOf = (slots: readonly ReplicaSlot[]): Candidate[] =>
  slots.map((s) => ({ id: s.replica.id, outstanding: 0, cachedBlocks: (h: readonly number[]) => s.cache.hbmPrefixBlocks(h), slot: s }));

function refreshed(candidates: Candidate[]): Candidate[] {
  for (const c of candidates) c.outstanding = c.slot.replica.outstanding;
  return candidates;
}

/** The requests in arrival order, ties in their given order: an array as it is when already in order, else a sorted copy. */
function inArrivalOrder(requests: RequestSource): RequestSource {
  if (!Array.isArray(requests)) return requests;
  const list = requests as readonly ServingRequest[];
  for (let i = 1; i < list.length; i++) {
    if ((list[i] as ServingRequest).arrivalS < (list[i - 1] as ServingRequest).arrivalS) return [...list].sort((a, b) => a.arrivalS - b.arrivalS);
  }
  return list;
}

/**
 * Runs every request to completion and returns their timings. Open loop, the requests are read one at a time as they
 * arrive, never all held: the next arrival is taken before any event at the same time, in the order given, as if all
 * had been queued first (their queue order would put them ahead of every later event at equal times).
 */
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
  const total = input.requests.length;
  // Closed loop, requests go out in the order given; open loop, in order of arrival.
  const arrivals = (input.clients === undefined ? inArrivalOrder(input.requests) : input.requests)[Symbol.iterator]();
  const take = (): ServingRequest | undefined => {
    const next = arrivals.next();
    return next.done ? undefined : next.value;
  };
  // Closed loop: the first `clients` requests are queued at their own times, the rest sent as clients free up.
  if (input.clients !== undefined) {
    for (let i = 0; i < Math.min(input.clients, total); i++) {
      const request = take() as ServingRequest;
      schedule(request.arrivalS, { kind: 'arrival', request });
    }
  }
  let nextArrival = input.clients === undefined ? take() : undefined;
  const timings = new TimingLog(total, input.warmup);
  const hitBlocks: Record<KvTier, number> = { hbm: 0, dram: 0, cxl: 0, remote: 0 };
  let promptBlocks = 0;
  let preemptions = 0;
  let transferS = 0;
  let inSystem = 0;
  let inSystemSeconds = 0;
  let lastTime = 0;
  let routed = 0;
  let busyPrefillS = 0;
  let busyDecodeS = 0;
  let firstArrivalS = Number.POSITIVE_INFINITY;
  let lastFinishS = 0;
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

  const front = candidatesOf(input.front);
  const decode = candidatesOf(input.decode);

  const progressStep = Math.max(1, Math.ceil(total / 100));
  let lastArrivalS = Number.NEGATIVE_INFINITY;
  while (nextArrival !== undefined || queue.size > 0) {
    let event: Event;
    let now: number;
    if (nextArrival !== undefined && nextArrival.arrivalS <= queue.peekTime()) {
      now = nextArrival.arrivalS;
      if (now < lastArrivalS) throw new Error(`simulateServing: request ${nextArrival.id} arrives at ${now} s, before the one ahead of it (${lastArrivalS} s)`);
      lastArrivalS = now;
      event = { kind: 'arrival', request: nextArrival };
      nextArrival = take();
    } else {
      now = queue.peekTime();
      const slot = queue.pop();
      event = events[slot] as Event;
      events[slot] = undefined;
      freeSlots.push(slot);
    }
    inSystemSeconds += inSystem * (now - lastTime);
    lastTime = now;
    switch (event.kind) {
      case 'arrival': {
        inSystem++;
        firstArrivalS = Math.min(firstArrivalS, now);
        const request = event.request;
        const pick = input.router.pick(refreshed(front), request.blockHashes, routed++) as Candidate;
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
          // The front end (HTTP, tokenization) hands it on, then its cached prefix arrives from the lower tiers.
          readyS: now + input.requestOverheadS + (input.requestOverheadSPerToken ?? 0) * request.inputTokens + hit.fetchS,
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
        if (end.decodeTokens > 0) timings.addIteration(now, end.durationS, end.decodeTokens);
        if (end.prefillTokens > 0) busyPrefillS += end.durationS;
        else busyDecodeS += end.durationS;
        lastFinishS = now;
        for (const job of end.finished) {
          inSystem--;
          timings.add(job.req.id, job.req.arrivalS, job.firstTokenS ?? now, now, job.req.inputTokens, job.req.outputTokens);
          if (input.onProgress && timings.finished % progressStep === 0) input.onProgress(timings.finished, total);
          // A closed-loop client sends its next request now.
          const next = input.clients === undefined ? undefined : take();
          if (next) schedule(now, { kind: 'arrival', request: { ...next, arrivalS: now } });
        }
        for (const job of end.prefilled) {
          // Its prompt's blocks join the prefill replica's cache; its KV moves to the least-loaded decode replica.
          slot.cache.setHbmCapacity(Math.floor(slot.replica.freeTokens / PREFIX_BLOCK_TOKENS));
          slot.cache.store(job.req.blockHashes);
          const target = refreshed(decode).reduce((a, b) => (b.outstanding < a.outstanding ? b : a)).slot;
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
  return {
    timings,
    inSystemSeconds,
    preemptions,
    hitBlocks,
    promptBlocks,
    kvTransferS: transferS,
    busyReplicaS: { prefilling: busyPrefillS, decoding: busyDecodeS },
    windowS: Number.isFinite(firstArrivalS) ? Math.max(0, lastFinishS - firstArrivalS) : 0,
  };
}
