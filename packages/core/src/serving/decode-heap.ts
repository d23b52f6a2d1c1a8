/** The decoding requests of a replica in a binary min-heap by the iteration of their last token: what lets a replica finish requests in O(log n) each. */

/** One decoding request of job type J (a replica's Job) and its place in the iteration count. */
export interface Decoding<J> {
  readonly job: J;
  /** Iteration index at whose end its last token comes. */
  readonly finishIteration: number;
  /** Iteration index of its first decode here and its token count then. */
  readonly startIteration: number;
  readonly startGenerated: number;
  /** Admission order, for preempting the latest first. */
  readonly order: number;
  dead: boolean;
}

/** A binary min-heap of decoding jobs by finishing iteration, ties by admission order. */
export class DecodeHeap<J> {
  private readonly items: Decoding<J>[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Decoding<J> | undefined {
    return this.items[0];
  }
  private less(a: Decoding<J>, b: Decoding<J>): boolean {
    return a.finishIteration < b.finishIteration || (a.finishIteration === b.finishIteration && a.order < b.order);
  }
  push(d: Decoding<J>): void {
    const a = this.items;
    a.push(d);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i] as Decoding<J>, a[parent] as Decoding<J>)) break;
      [a[i], a[parent]] = [a[parent] as Decoding<J>, a[i] as Decoding<J>];
      i = parent;
    }
  }
  pop(): Decoding<J> | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as Decoding<J>, a[m] as Decoding<J>)) m = l;
        if (r < a.length && this.less(a[r] as Decoding<J>, a[m] as Decoding<J>)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Decoding<J>, a[i] as Decoding<J>];
        i = m;
      }
    }
    return top;
  }
}
