/**
 * The discrete-event core's queue: a binary min-heap ordered by (time, insertion sequence), so that
 * events at the same instant run in the order they were scheduled and a run is deterministic.
 *
 * Events are four numbers (time, kind, a, b) kept in parallel arrays rather than objects or
 * closures: the hot path then allocates nothing per event (the benchmark's main limit).
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private n = 0;
  private nextSeq = 0;

  /** Fields of the event last returned by pop(). */
  popTime = 0;
  popKind = 0;
  popA = 0;
  popB = 0;

  constructor(capacity = 256) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.argA = new Int32Array(capacity);
    this.argB = new Int32Array(capacity);
  }

  /** Events ever pushed (for the benchmark's events-per-second figure). */
  get pushed(): number {
    return this.nextSeq;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0]! : Infinity;
  }

  push(time: number, kind: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    let i = this.n++;
    const s = this.nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = this.time[p]!;
      if (pt < time || (pt === time && this.seq[p]! < s)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = time;
    this.seq[i] = s;
    this.kind[i] = kind;
    this.argA[i] = a;
    this.argB[i] = b;
  }

  /** Removes the earliest event into popTime/popKind/popA/popB; false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    this.popTime = this.time[0]!;
    this.popKind = this.kind[0]!;
    this.popA = this.argA[0]!;
    this.popB = this.argB[0]!;
    const last = --this.n;
    if (last === 0) return true;
    const t = this.time[last]!;
    const s = this.seq[last]!;
    const k = this.kind[last]!;
    const a = this.argA[last]!;
    const b = this.argB[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (
        r < last &&
        (this.time[r]! < this.time[c]! ||
          (this.time[r] === this.time[c] && this.seq[r]! < this.seq[c]!))
      ) {
        c = r;
      }
      const ct = this.time[c]!;
      if (t < ct || (t === ct && s < this.seq[c]!)) break;
      this.move(c, i);
      i = c;
    }
    this.time[i] = t;
    this.seq[i] = s;
    this.kind[i] = k;
    this.argA[i] = a;
    this.argB[i] = b;
    return true;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.kind[to] = this.kind[from]!;
    this.argA[to] = this.argA[from]!;
    this.argB[to] = this.argB[from]!;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    this.time = t;
    const s = new Float64Array(cap);
    s.set(this.seq);
    this.seq = s;
    const k = new Int32Array(cap);
    k.set(this.kind);
    this.kind = k;
    const a = new Int32Array(cap);
    a.set(this.argA);
    this.argA = a;
    const b = new Int32Array(cap);
    b.set(this.argB);
    this.argB = b;
  }
}
