/**
 * Series of unknown length kept in bounded memory — one mechanism for the report's charts, the
 * dashboard's "whole session" range and a reopened session's history.
 *
 * Items fall into a fixed number of slots along a key (time, or the item's arrival number), each
 * slot `width` wide. When a key lands beyond the last slot, neighbouring slots merge pairwise and
 * the width doubles, so memory is fixed however long the series grows: 1,000 one-second slots
 * hold a day in 128 s slots. What a slot keeps, and how two merge, is the store's business:
 * min/mean/max (`MinMaxSeries`), the first item (`ThinnedSeries`) or a merged item
 * (`MergingSeries`).
 */
export interface SlotStore {
  /** Slot `to` becomes slots `a` and `a + 1` merged (`a + 1` may be past the last slot: empty). */
  merge(to: number, a: number): void;
  /** Slots from `from` on are empty again. */
  clear(from: number): void;
}

export class DoublingSlots {
  private key0: number | null = null;
  private slotWidth: number;

  constructor(
    readonly capacity: number,
    width: number,
    private readonly store: SlotStore,
  ) {
    this.slotWidth = width;
  }

  get width(): number {
    return this.slotWidth;
  }

  /** Where slot 0 starts; null before the first item. */
  get start(): number | null {
    return this.key0;
  }

  /** The slot of `key`, after folding as often as needed. A key before the first lands in slot 0. */
  slot(key: number): number {
    if (this.key0 === null) this.key0 = key;
    let i = Math.max(0, Math.floor((key - this.key0) / this.slotWidth));
    while (i >= this.capacity) {
      this.fold();
      i = Math.floor((key - this.key0) / this.slotWidth);
    }
    return i;
  }

  reset(width: number): void {
    this.key0 = null;
    this.slotWidth = width;
    this.store.clear(0);
  }

  private fold(): void {
    const half = Math.ceil(this.capacity / 2);
    for (let i = 0; i < half; i++) this.store.merge(i, 2 * i);
    this.store.clear(half);
    this.slotWidth *= 2;
  }
}

export interface SeriesPoint {
  /** Middle of the slot. */
  t: number;
  mean: number;
  min: number;
  max: number;
  /** The series had a gap (an outage) in this slot: charts break the line here. */
  gapBefore: boolean;
}

/**
 * A numeric time series for charts: each slot keeps its min and max beside the mean, so a
 * one-second spike stays visible in a chart of a whole day (nothing is hidden by averaging).
 */
export class MinMaxSeries implements SlotStore {
  private readonly slots: DoublingSlots;
  private readonly sum: Float64Array;
  private readonly n: Uint32Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly gap: Uint8Array;

  constructor(
    private readonly maxPoints = 1000,
    startWidthMs = 1000,
  ) {
    this.sum = new Float64Array(maxPoints);
    this.n = new Uint32Array(maxPoints);
    this.min = new Float64Array(maxPoints);
    this.max = new Float64Array(maxPoints);
    this.gap = new Uint8Array(maxPoints);
    this.slots = new DoublingSlots(maxPoints, startWidthMs, this);
  }

  add(t: number, value: number, gapBefore = false): void {
    if (!Number.isFinite(value)) return;
    const i = this.slots.slot(t);
    if (this.n[i] === 0) {
      this.min[i] = value;
      this.max[i] = value;
    } else {
      if (value < this.min[i]!) this.min[i] = value;
      if (value > this.max[i]!) this.max[i] = value;
    }
    this.sum[i]! += value;
    this.n[i]!++;
    if (gapBefore) this.gap[i] = 1;
  }

  merge(to: number, a: number): void {
    const b = a + 1;
    const na = this.n[a]!;
    const nb = b < this.maxPoints ? this.n[b]! : 0;
    this.sum[to] = this.sum[a]! + (nb ? this.sum[b]! : 0);
    this.min[to] =
      na && nb ? Math.min(this.min[a]!, this.min[b]!) : na ? this.min[a]! : this.min[b]!;
    this.max[to] =
      na && nb ? Math.max(this.max[a]!, this.max[b]!) : na ? this.max[a]! : this.max[b]!;
    this.gap[to] = this.gap[a]! | (nb ? this.gap[b]! : 0);
    this.n[to] = na + nb;
  }

  clear(from: number): void {
    this.n.fill(0, from);
    this.sum.fill(0, from);
    this.gap.fill(0, from);
  }

  /** The slots with data, values rounded to `digits` decimals; `bucketMs` is the slot width. */
  toSeries(digits = 4): { bucketMs: number; points: SeriesPoint[] } {
    const points: SeriesPoint[] = [];
    const f = 10 ** digits;
    const r = (v: number) => Math.round(v * f) / f;
    const t0 = this.slots.start;
    const width = this.slots.width;
    if (t0 !== null) {
      for (let i = 0; i < this.maxPoints; i++) {
        const n = this.n[i]!;
        if (n === 0) continue;
        points.push({
          t: Math.round(t0 + (i + 0.5) * width),
          mean: r(this.sum[i]! / n),
          min: r(this.min[i]!),
          max: r(this.max[i]!),
          gapBefore: this.gap[i] === 1,
        });
      }
    }
    return { bucketMs: width, points };
  }
}

/**
 * An evenly thinned series: past `2 × limit` items every other one is dropped and the stride
 * doubles. A dropped item's outage mark moves to the next kept one, so a gap in the recording
 * stays a gap in the view.
 *
 * `next(gap)` counts one more item and says whether it is one to keep — then `keep(x)` it — so
 * a caller makes objects only for the items kept (a 24-hour journal's samples are thinned 1:16,
 * and making the other 15 was most of reopening it).
 */
export class ThinnedSeries<T extends object> implements SlotStore {
  private readonly slots: DoublingSlots;
  private readonly item: (T | undefined)[] = [];
  /** A member after the slot's first followed an outage: the mark goes to the next slot's item. */
  private readonly tailGap: boolean[] = [];
  private seen = 0;
  private slot = -1;
  private pendingGap = false;

  constructor(
    limit: number,
    private readonly isGap: (x: T) => boolean = (x) =>
      (x as { gapBefore?: boolean }).gapBefore === true,
  ) {
    this.slots = new DoublingSlots(2 * limit, 1, this);
  }

  push(x: T): void {
    if (this.next(this.isGap(x))) this.keep(x);
  }

  next(gap: boolean): boolean {
    const s = this.slots.slot(this.seen++);
    const first = this.item[s] === undefined;
    if (first) {
      this.slot = s;
      this.pendingGap = gap;
    } else if (gap) this.tailGap[s] = true;
    return first;
  }

  keep(x: T): void {
    this.item[this.slot] = this.pendingGap && !this.isGap(x) ? { ...x, gapBefore: true } : x;
  }

  merge(to: number, a: number): void {
    const b = a + 1;
    const tail = this.tailGap[a] === true || this.tailGap[b] === true;
    const bGap = this.item[b] !== undefined && this.isGap(this.item[b]!);
    this.item[to] = this.item[a];
    this.tailGap[to] = tail || bGap;
  }

  clear(from: number): void {
    this.item.length = Math.min(this.item.length, from);
    this.tailGap.length = Math.min(this.tailGap.length, from);
  }

  /** The kept items, oldest first, with the outage marks of dropped items carried forward. */
  items(): T[] {
    const out: T[] = [];
    let carry = false;
    for (let i = 0; i < this.item.length; i++) {
      const x = this.item[i];
      if (x === undefined) continue;
      out.push(carry && !this.isGap(x) ? { ...x, gapBefore: true } : x);
      carry = this.tailGap[i] === true;
    }
    return out;
  }
}

/**
 * A time series merged into one item per slot (`merge` makes one item of a group), for a coarse
 * tier that must cover a session of any length. The slot being filled stays open until an item
 * lands in a later one; `items()` holds the closed slots.
 */
export class MergingSeries<T extends { t: number }> implements SlotStore {
  private readonly slots: DoublingSlots;
  private closed: (T | undefined)[] = [];
  private open = -1;
  private pending: T[] = [];
  private view: readonly T[] = [];
  private dirty = false;

  constructor(
    capacity: number,
    private readonly startWidthMs: number,
    private readonly mergeGroup: (group: readonly T[]) => T,
  ) {
    this.slots = new DoublingSlots(capacity, startWidthMs, this);
  }

  get widthMs(): number {
    return this.slots.width;
  }

  /** Items must come oldest first. */
  push(x: T): void {
    this.closeOpenBefore(x.t);
    const s = this.slots.slot(x.t);
    if (s !== this.open) {
      this.closeOpen();
      this.open = s;
    }
    this.pending.push(x);
  }

  /** Closed slots, oldest first; the same array until something changes. */
  items(): readonly T[] {
    if (this.dirty) {
      this.view = this.closed.filter((x): x is T => x !== undefined);
      this.dirty = false;
    }
    return this.view;
  }

  reset(): void {
    this.slots.reset(this.startWidthMs);
    this.pending = [];
    this.open = -1;
    this.view = [];
  }

  merge(to: number, a: number): void {
    const group = [this.closed[a], this.closed[a + 1]].filter((x): x is T => x !== undefined);
    this.closed[to] = group.length === 0 ? undefined : this.mergeGroup(group);
    this.dirty = true;
  }

  clear(from: number): void {
    this.closed.length = Math.min(this.closed.length, from);
    this.dirty = true;
  }

  /** Folding merges closed slots: the open one is closed first when `t` would fold. */
  private closeOpenBefore(t: number): void {
    const start = this.slots.start;
    if (start !== null && Math.floor((t - start) / this.slots.width) >= this.slots.capacity) {
      this.closeOpen();
      this.open = -1;
    }
  }

  private closeOpen(): void {
    if (this.open < 0 || this.pending.length === 0) return;
    this.closed[this.open] = this.mergeGroup(this.pending);
    this.pending = [];
    this.dirty = true;
  }
}
