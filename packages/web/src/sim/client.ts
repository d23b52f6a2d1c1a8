/** The page's side of a simulator worker: requests as promises, progress callbacks, and cancel by replacing the worker. */

import type { Catalogue, CompareEntry, Evaluation, Problem, Reply, Request, RunResult, RunSettings, SweepPlan, SweepPointResult } from './protocol.js';

type Pending = {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  progress?: (done: number, total: number, label: string) => void;
};

/** Raised by a request that the user cancelled (its worker was stopped). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Raised for a problem the simulator reports: a bad scenario or run, worded as the CLI words it. */
export class SimProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

type Outgoing = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class SimClient {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'supernode-simulator' });
    worker.onmessage = (event: MessageEvent<Reply>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(`the simulator stopped: ${event.message}`));
    };
    return worker;
  }

  private receive(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') {
      p.progress?.(reply.done, reply.total, reply.label);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'failed') p.reject(new SimProblem(reply.problem));
    else p.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private send(request: Outgoing, progress?: Pending['progress']): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      this.worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Stops whatever the worker is doing: its requests reject with Cancelled, and a fresh worker takes the next. */
  cancel(): void {
    this.worker.terminate();
    this.failAll(new Cancelled());
    this.worker = this.start();
  }

  /** Stops the worker for good: its requests reject with Cancelled. */
  terminate(): void {
    this.worker.terminate();
    this.failAll(new Cancelled());
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  async catalogue(): Promise<Catalogue> {
    const r = await this.send({ type: 'catalogue' });
    if (r.type !== 'catalogue') throw new Error(`unexpected reply ${r.type}`);
    return r.catalogue;
  }

  async evaluate(scenario: string, file: string, run?: RunSettings): Promise<Evaluation> {
    const r = await this.send({ type: 'evaluate', scenario, file, ...(run ? { run } : {}) });
    if (r.type !== 'evaluation') throw new Error(`unexpected reply ${r.type}`);
    return r.evaluation;
  }

  async run(scenario: string, file: string, run: RunSettings, progress?: Pending['progress']): Promise<RunResult> {
    const r = await this.send({ type: 'run', scenario, file, run }, progress);
    if (r.type !== 'result') throw new Error(`unexpected reply ${r.type}`);
    return r.result;
  }

  /** Designs side by side; `alike` sizes them to one GPU count, which the reply says. */
  async compare(
    designs: readonly { label: string; scenario: string }[],
    run: RunSettings,
    alike = false,
  ): Promise<{ entries: readonly CompareEntry[]; gpus?: number }> {
    const r = await this.send({ type: 'compare', designs, run, alike });
    if (r.type !== 'compared') throw new Error(`unexpected reply ${r.type}`);
    return { entries: r.entries, ...(r.gpus === undefined ? {} : { gpus: r.gpus }) };
  }

  async sweepPlan(spec: string, file: string): Promise<SweepPlan> {
    const r = await this.send({ type: 'sweep-plan', spec, file });
    if (r.type !== 'sweep-plan') throw new Error(`unexpected reply ${r.type}`);
    return r.plan;
  }

  async sweepPoints(spec: string, file: string, indices: readonly number[], progress?: Pending['progress']): Promise<readonly SweepPointResult[]> {
    const r = await this.send({ type: 'sweep-points', spec, file, indices }, progress);
    if (r.type !== 'sweep-results') throw new Error(`unexpected reply ${r.type}`);
    return r.results;
  }
}
