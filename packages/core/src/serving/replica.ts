/**
 * One serving replica's iteration scheduler: continuous batching with chunked prefill under a token budget, KV-cache
 * admission, preemption by recompute when the cache runs out, and decode bookkeeping in O(log n) per request.
 */

import { DecodeHeap, type Decoding as HeapEntry } from './decode-heap.js';
import type { AdmissionPolicy } from './engines.js';
import type { IterationCost, StepLoad } from './step-cost.js';
import type { ServingRequest } from './workload.js';

/** A request as replicas carry it. */
export interface Job {
  readonly req: ServingRequest;
  /** Prompt tokens still to compute here. */
  prefillLeft: number;
  /** Tokens the job holds in this replica's KV cache. */
  context: number;
  /** Output tokens emitted so far. */
  generated: number;
  /** Earliest time its prefill may run (a prefix fetched from a lower KV tier arrives then). */
  readyS: number;
  firstTokenS?: number;
  /** Prompt tokens served from the prefix cache. */
  cachedTokens: number;
  /** Its KV waits in host memory after a swap preemption (it resumes decoding once copied back). */
  swapped?: boolean;
}

export interface ReplicaConfig {
  readonly role: 'mixed' | 'prefill' | 'decode';
  /** KV-cache tokens the replica holds at most. */
  readonly capacityTokens: number;
  /** New tokens per iteration at most: decodes plus prefill chunks (vLLM max_num_batched_tokens). */
  readonly tokenBudget: number;
  /** Decoding requests at most (vLLM max_num_seqs). */
  readonly maxSequences: number;
  /** Whether prompts may split across iterations (chunked prefill); without it a prompt runs whole or waits. */
  readonly chunkedPrefill: boolean;
  /**
   * Attention data-parallel groups (default 1): a prompt's chunk runs on its own group, within that group's share of the
   * token budget (SGLang's server_args.py _handle_data_parallelism divides chunked_prefill_size by the DP size;
   * TensorRT-LLM's max_num_tokens is per rank).
   */
  readonly attentionGroups?: number;
  /** When a prompt not yet started may take KV cache: above a watermark, or beside a reservation for the running requests (engines.ts). */
  readonly admission: AdmissionPolicy;
  /**
   * What a preempted request loses: 'recompute' frees its KV and prefills its prompt and output again; 'swap' copies
   * its KV to host memory and back when it resumes, at `swapSecondsPerToken` each way (vLLM preemption modes).
   */
  readonly preemption: 'recompute' | 'swap';
  readonly swapSecondsPerToken: number;
}

/** What an iteration's end hands back: finished jobs, and jobs whose prompt is done on a prefill-only replica. */
export interface IterationEnd {
  readonly finished: Job[];
  readonly prefilled: Job[];
  readonly preemptions: number;
  /** Output tokens the running decodes emitted at its end, each this long after their last (the iteration's length). */
  readonly decodeTokens: number;
  readonly durationS: number;
  /** Prompt tokens it computed (an iteration that prefills is compute-bound; a decode-only one streams memory). */
  readonly prefillTokens: number;
}

/** A decoding job as the replica's heap holds it. */
type Decoding = HeapEntry<Job>;

export class Replica {
  private readonly waiting: Job[] = [];
  private readonly decoding = new DecodeHeap<Job>();
  private readonly admitted: Decoding[] = [];
  private live = 0;
  /** Sum of the live decoding jobs' contexts at the start of the current iteration. */
  private decodeKv = 0;
  private kvUsed = 0;
  private iteration = 0;
  private admissions = 0;
  /** The reserve policy's ratio now: it falls an iteration at a time and starts again after a preemption. */
  private reserveRatio: number;
  private pending: { chunks: { job: Job; tokens: number }[]; decodes: number; startS: number } | undefined;
  busyUntil = 0;
  /** Requests routed here and not finished: what least-load routing compares. */
  outstanding = 0;

  constructor(
    readonly id: number,
    readonly config: ReplicaConfig,
    readonly cost: IterationCost,
  ) {
    this.reserveRatio = config.admission.kind === 'reserve' ? config.admission.initialRatio : 0;
  }

  get freeTokens(): number {
    return this.config.capacityTokens - this.kvUsed;
  }

  get idle(): boolean {
    return this.pending === undefined;
  }

  /** A job to prefill (mixed, prefill) or, on a decode replica, to decode from its transferred context. */
  enqueue(job: Job): void {
    this.outstanding++;
    this.waiting.push(job);
  }

  hasWork(now: number): boolean {
    return this.live > 0 || this.waiting.some((j) => j.readyS <= now);
  }

  /** Earliest time a waiting job becomes ready, for waking an idle replica. */
  nextReadyS(): number | undefined {
    let next: number | undefined;
    for (const j of this.waiting) next = next === undefined ? j.readyS : Math.min(next, j.readyS);
    return next;
  }

  /** Forms and prices the next iteration at `now`; returns its end time, or undefined when there is nothing to run. */
  start(now: number): number | undefined {
    this.swapS = 0;
    let preemptions = this.admitDecodes(now);
    const admission = this.config.admission;
    if (admission.kind === 'reserve') {
      this.reserveRatio =
        preemptions > 0
          ? admission.initialRatio
          : Math.max(admission.minRatio, this.reserveRatio - (admission.initialRatio - admission.minRatio) / admission.decaySteps);
    }
    let chunks = this.prefillChunks(now, preemptions === 0 || this.live === 0);
    if (this.live === 0 && chunks.length === 0 && this.waiting.some((j) => j.readyS <= now && j.prefillLeft > 0)) {
      // Nothing runs and nothing fits: half-prefilled prompts hold the cache. Recompute the latest of them later.
      preemptions += this.dropPartialPrefills();
      chunks = this.prefillChunks(now, true);
    }
    if (this.live === 0 && chunks.length === 0) return undefined;
    let pairs = 0;
    let sampled = this.live;
    for (const { job, tokens } of chunks) {
      pairs += tokens * (job.context + (tokens + 1) / 2);
      if (tokens === job.prefillLeft) sampled++;
    }
    const load: StepLoad = {
      decodes: this.live,
      decodeKvTokens: this.decodeKv,
      prefillTokens: chunks.reduce((s, c) => s + c.tokens, 0),
      prefillPairs: pairs,
      prefillChunks: chunks.length,
      sampled,
    };
    this.pending = { chunks, decodes: this.live, startS: now };
    this.kvUsed += this.live;
    this.lastPreemptions = preemptions;
    this.busyUntil = now + this.cost.step(load).seconds + this.swapS;
    return this.busyUntil;
  }

  /**
   * Prompt chunks for this iteration (and, on decode replicas, preempted jobs recomputing theirs), first come first
   * served within the token budget; none when `allowed` is false (vLLM gives a preempting iteration's freed cache to
   * the running requests). Reserves the chunks' KV.
   */
  private prefillChunks(now: number, allowed: boolean): { job: Job; tokens: number }[] {
    const chunks: { job: Job; tokens: number }[] = [];
    if (!allowed) return chunks;
    let budget = this.config.tokenBudget - this.live;
    const admission = this.config.admission;
    const watermark = admission.kind === 'watermark' ? Math.ceil(admission.share * this.config.capacityTokens) : 0;
    // The reserve policy holds back what running requests will still write: priced once, when a new prompt asks.
    let reserved: number | undefined;
    // Sequences running: those decoding and those part-way through their prompt. A prompt not yet started starts only
    // while they number fewer than maxSequences (vLLM's max_num_seqs, SGLang's max_running_requests).
    let running = this.live + this.waiting.filter((j) => j.context > 0 && j.prefillLeft > 0).length;
    for (const job of this.waiting) {
      if (budget <= 0) break;
      if (job.readyS > now || job.prefillLeft === 0) continue;
      if (job.context === 0 && running >= this.config.maxSequences) break;
      // A prompt not yet started (new, or preempted) starts only if all of it fits above the watermark, so it cannot
      // take the cache the running requests are about to grow into (vLLM's can_allocate check).
      if (job.context === 0 && this.freeTokens - this.live - job.prefillLeft < watermark) break;
      if (job.context === 0 && admission.kind === 'reserve') {
        reserved ??= this.reservedTokens(admission.clipTokens, now);
        const own = Math.ceil(Math.min(job.req.outputTokens - job.generated, admission.clipTokens) * this.reserveRatio);
        if (this.freeTokens - this.live - reserved - job.prefillLeft - own < 0) break;
        reserved += own;
      }
      const groupBudget = Math.ceil(this.config.tokenBudget / (this.config.attentionGroups ?? 1));
      const tokens = Math.min(job.prefillLeft, budget, this.freeTokens - this.live, this.config.chunkedPrefill ? groupBudget : Number.POSITIVE_INFINITY);
      if (tokens <= 0) break;
      // Without chunking a prompt runs whole; one longer than the whole budget still runs, alone.
      if (!this.config.chunkedPrefill && tokens < job.prefillLeft && (chunks.length > 0 || job.prefillLeft <= this.config.tokenBudget - this.live)) break;
      chunks.push({ job, tokens });
      if (job.context === 0) running++;
      // The rest of its prompt is reserved too (its chunk now takes the cache itself).
      if (reserved !== undefined && job.context === 0) reserved += job.prefillLeft - tokens;
      budget -= tokens;
      this.kvUsed += tokens;
    }
    return chunks;
  }

  /**
   * KV tokens the running requests will still write, each up to `clip` of its output and times the reserve ratio, with
   * the rest of the prompts part-way through: what a reserve policy keeps free for them (SGLang PrefillAdder's
   * rem_total_tokens; GUARANTEED_NO_EVICT at ratio 1). Linear in the running requests, asked once per iteration at most.
   */
  private reservedTokens(clip: number, now: number): number {
    let outputs = 0;
    for (const d of this.admitted) if (!d.dead) outputs += Math.min(d.finishIteration - this.iteration + 1, clip);
    let prompts = 0;
    for (const job of this.waiting) {
      if (job.context === 0 || job.prefillLeft === 0 || job.readyS > now) continue;
      prompts += job.prefillLeft;
      outputs += Math.min(job.req.outputTokens - job.generated, clip);
    }
    return prompts + Math.ceil(outputs * this.reserveRatio);
  }

  /** Frees the KV of every half-prefilled prompt but the first (they prefill again from the start); returns how many. */
  private dropPartialPrefills(): number {
    let dropped = 0;
    let first = true;
    for (const job of this.waiting) {
      if (job.prefillLeft === 0 || job.context === 0) continue;
      if (first) {
        first = false;
        continue;
      }
      this.kvUsed -= job.context;
      job.prefillLeft += job.context;
      job.context = 0;
      dropped++;
    }
    return dropped;
  }

  private lastPreemptions = 0;
  /** Seconds of swap copies this iteration waits for. */
  private swapS = 0;

  /** Applies the running iteration's results at its end time `now`. */
  finish(now: number): IterationEnd {
    const pending = this.pending;
    this.pending = undefined;
    const finished: Job[] = [];
    const prefilled: Job[] = [];
    if (!pending) return { finished, prefilled, preemptions: 0, decodeTokens: 0, durationS: 0, prefillTokens: 0 };
    this.decodeKv += pending.decodes;
    for (const { job, tokens } of pending.chunks) {
      job.prefillLeft -= tokens;
      job.context += tokens;
      if (job.prefillLeft > 0) continue;
      this.waiting.splice(this.waiting.indexOf(job), 1);
      if (job.generated === 0) {
        job.generated = 1;
        job.firstTokenS = now;
      }
      if (this.config.role === 'prefill') {
        this.release(job.context);
        prefilled.push(job);
      } else if (job.generated >= job.req.outputTokens) {
        this.release(job.context);
        finished.push(job);
      } else {
        this.startDecoding(job, this.iteration + 1);
      }
    }
    // Every live decode emitted a token at this iteration's end; those at their last token leave.
    for (let top = this.decoding.peek(); top && top.finishIteration <= this.iteration; top = this.decoding.peek()) {
      this.decoding.pop();
      if (top.dead) continue;
      top.dead = true;
      const job = top.job;
      job.generated = job.req.outputTokens;
      job.context += job.req.outputTokens - top.startGenerated;
      this.live--;
      this.decodeKv -= job.context;
      this.release(job.context);
      finished.push(job);
    }
    this.iteration++;
    if (this.admitted.length > 2 * this.live + 1024) this.compactAdmitted();
    const prefillTokens = pending.chunks.reduce((n, c) => n + c.tokens, 0);
    return { finished, prefilled, preemptions: this.lastPreemptions, decodeTokens: pending.decodes, durationS: now - pending.startS, prefillTokens };
  }

  private compactAdmitted(): void {
    const alive = this.admitted.filter((d) => !d.dead);
    this.admitted.length = 0;
    this.admitted.push(...alive);
  }

  private release(tokens: number): void {
    this.kvUsed -= tokens;
    this.outstanding--;
  }

  private startDecoding(job: Job, firstIteration: number): void {
    const d: Decoding = {
      job,
      startIteration: firstIteration,
      startGenerated: job.generated,
      finishIteration: firstIteration + (job.req.outputTokens - job.generated) - 1,
      order: this.admissions++,
      dead: false,
    };
    this.decoding.push(d);
    this.admitted.push(d);
    this.live++;
    this.decodeKv += job.context;
  }

  /**
   * Decode replicas admit transferred jobs while their contexts fit; every replica then makes room for this
   * iteration's decode tokens, preempting the latest admitted (recompute: its KV freed, its prompt and output so far
   * prefilled again) until they fit.
   */
  private admitDecodes(now: number): number {
    // Transferred jobs (decode replicas) and swapped-out ones resume decoding once their context fits again; a swap-in
    // copies the context back from host memory before the iteration, which it lengthens.
    for (let i = 0; i < this.waiting.length && this.live < this.config.maxSequences; ) {
      const job = this.waiting[i] as Job;
      if (job.prefillLeft > 0 || (this.config.role !== 'decode' && !job.swapped)) {
        i++;
        continue;
      }
      if (job.readyS > now || job.context + 1 > this.freeTokens - this.live) break;
      this.waiting.splice(i, 1);
      this.kvUsed += job.context;
      if (job.swapped) {
        this.swapS += job.context * this.config.swapSecondsPerToken;
        job.swapped = false;
      }
      this.startDecoding(job, this.iteration);
    }
    let preemptions = 0;
    while (this.live > 0 && this.live > this.freeTokens) {
      const victim = this.admitted.pop();
      if (!victim || victim.dead) continue;
      const job = victim.job;
      const made = this.iteration - victim.startIteration;
      job.generated = victim.startGenerated + made;
      job.context += made;
      victim.dead = true;
      this.live--;
      this.decodeKv -= job.context;
      this.kvUsed -= job.context;
      if (this.config.preemption === 'swap') {
        // Copied out to host memory now (it lengthens this iteration); it keeps its context and resumes from there.
        this.swapS += job.context * this.config.swapSecondsPerToken;
        job.swapped = true;
      } else {
        job.prefillLeft = job.context;
        job.context = 0;
      }
      this.waiting.unshift(job);
      preemptions++;
    }
    return preemptions;
  }
}
