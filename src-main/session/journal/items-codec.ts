import type { JournalItem, LatencyColumns, SampleColumns } from './columns';
import type { JournalRecord } from './record';

/**
 * Journal items (journal/columns.ts) as numbers, to cross from the journal reading thread
 * (journal/thread.ts) to the thread that uses them. Structured clone of the items themselves cost
 * 4.5 µs to send and 7.9 µs to receive per item — more than parsing the line again — while a
 * Float64Array is handed over without a copy. So: every number goes into the array, every string
 * becomes an id into a table both sides grow in step (new strings travel with the batch that
 * first uses them), and a column that is the very same array as the host's previous line (the
 * journal wrote it as a reference) is sent as one bit. The rare object-line records (status,
 * switches, notes…) travel as they are, in `records`, with a marker in the numbers.
 *
 * A batch:  TAG_SAMPLE t sampleT host gap nRejected rejected… n same name… state… cpuPct… share… mem… maxMem… vcpus… [netKiB…]
 *           TAG_LATENCY n nT t… host probeT k same vm… address… rttUs…   (nT = 0: one t for all)
 *           TAG_RECORD
 * null (CPU %, share, memory limit, network counter) is NaN: a journal is JSON, which has no NaN.
 * A sample's network counters follow only when it has them (HAS_NET in its `same` bits).
 */
export interface ItemBatch {
  values: Float64Array;
  /** Values used in `values`. */
  length: number;
  /** Strings first used in this batch; their ids continue the table. */
  strings: string[];
  records: JournalRecord[];
  items: number;
}

const TAG_SAMPLE = 1;
const TAG_LATENCY = 2;
const TAG_RECORD = 3;

const SAME_NAME = 1;
const SAME_STATE = 2;
const SAME_MEM = 4;
const SAME_MAX_MEM = 8;
const SAME_VCPUS = 16;
const HAS_NET = 32;
const SAME_VM = 1;
const SAME_ADDRESS = 2;

const INITIAL_VALUES = 1 << 16;

export class ItemEncoder {
  private readonly ids = new Map<string, number>();
  private values = new Float64Array(INITIAL_VALUES);
  private used = 0;
  private strings: string[] = [];
  private records: JournalRecord[] = [];
  private items = 0;
  private readonly lastSample = new Map<string, SampleColumns>();
  private readonly lastRound = new Map<string, LatencyColumns>();

  /** Items in the batch being filled, and numbers in it. */
  get size(): { items: number; values: number } {
    return { items: this.items, values: this.used };
  }

  add(x: JournalItem): void {
    this.items++;
    if (x.kind === 'sample-columns') this.sample(x);
    else if (x.kind === 'latency-columns') this.latency(x);
    else {
      this.room(1);
      this.values[this.used++] = TAG_RECORD;
      this.records.push(x);
    }
  }

  /** The batch so far (null if empty); the next one starts afresh, in a new array. */
  take(): ItemBatch | null {
    if (this.items === 0) return null;
    const batch: ItemBatch = {
      values: this.values,
      length: this.used,
      strings: this.strings,
      records: this.records,
      items: this.items,
    };
    this.values = new Float64Array(INITIAL_VALUES);
    this.used = 0;
    this.strings = [];
    this.records = [];
    this.items = 0;
    return batch;
  }

  private sample(c: SampleColumns): void {
    const n = c.name.length;
    const last = this.lastSample.get(c.hostId);
    this.lastSample.set(c.hostId, c);
    let same = 0;
    if (last) {
      if (last.name === c.name) same |= SAME_NAME;
      if (last.state === c.state) same |= SAME_STATE;
      if (last.memKiB === c.memKiB) same |= SAME_MEM;
      if (last.maxMemKiB === c.maxMemKiB) same |= SAME_MAX_MEM;
      if (last.vcpus === c.vcpus) same |= SAME_VCPUS;
    }
    const net = c.netKiB;
    if (net) same |= HAS_NET;
    this.room(8 + c.rejected.length + 8 * n);
    const v = this.values;
    let p = this.used;
    v[p++] = TAG_SAMPLE;
    v[p++] = c.t;
    v[p++] = c.sampleT;
    v[p++] = this.id(c.hostId);
    v[p++] = c.gapBefore ? 1 : 0;
    v[p++] = c.rejected.length;
    for (const r of c.rejected) v[p++] = this.id(r);
    v[p++] = n;
    v[p++] = same;
    if (!(same & SAME_NAME)) for (let i = 0; i < n; i++) v[p++] = this.id(c.name[i]!);
    if (!(same & SAME_STATE)) for (let i = 0; i < n; i++) v[p++] = this.id(c.state[i]!);
    for (let i = 0; i < n; i++) v[p++] = c.cpuPct[i] ?? NaN;
    for (let i = 0; i < n; i++) v[p++] = c.share[i] ?? NaN;
    if (!(same & SAME_MEM)) for (let i = 0; i < n; i++) v[p++] = c.memKiB[i]!;
    if (!(same & SAME_MAX_MEM)) for (let i = 0; i < n; i++) v[p++] = c.maxMemKiB[i] ?? NaN;
    if (!(same & SAME_VCPUS)) for (let i = 0; i < n; i++) v[p++] = c.vcpus[i]!;
    if (net) for (let i = 0; i < n; i++) v[p++] = net[i] ?? NaN;
    this.used = p;
  }

  private latency(c: LatencyColumns): void {
    const { n, k } = c;
    const last = this.lastRound.get(c.hostId);
    this.lastRound.set(c.hostId, c);
    let same = 0;
    if (last) {
      if (last.vm === c.vm) same |= SAME_VM;
      if (last.address === c.address) same |= SAME_ADDRESS;
    }
    // 0: one time for all results; else a time per result (even for one result: it must come back as it was).
    const times = typeof c.t === 'number' ? [c.t] : c.t;
    this.room(8 + times.length + 2 * n + n * k);
    const v = this.values;
    let p = this.used;
    v[p++] = TAG_LATENCY;
    v[p++] = n;
    v[p++] = typeof c.t === 'number' ? 0 : c.t.length;
    for (const t of times) v[p++] = t;
    v[p++] = this.id(c.hostId);
    v[p++] = c.probeT;
    v[p++] = k;
    v[p++] = same;
    if (!(same & SAME_VM)) for (let i = 0; i < n; i++) v[p++] = this.id(c.vm[i]!);
    if (!(same & SAME_ADDRESS)) for (let i = 0; i < n; i++) v[p++] = this.id(c.address[i]!);
    const rtt = c.rttUs;
    for (let i = 0; i < n * k; i++) v[p++] = rtt[i]!;
    this.used = p;
  }

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    return id;
  }

  /** Makes room for `more` numbers (an item never spans batches: one bigger than a batch gets a bigger array). */
  private room(more: number): void {
    if (this.used + more <= this.values.length) return;
    const bigger = new Float64Array(Math.max(this.values.length * 2, this.used + more));
    bigger.set(this.values.subarray(0, this.used));
    this.values = bigger;
  }
}

export class ItemDecoder {
  private readonly strings: string[] = [];
  private readonly lastSample = new Map<string, SampleColumns>();
  private readonly lastRound = new Map<string, LatencyColumns>();
  /** The batch being read, and where. */
  private v: Float64Array = new Float64Array(0);
  private p = 0;

  decode(b: ItemBatch): JournalItem[] {
    for (const s of b.strings) this.strings.push(s);
    const out = new Array<JournalItem>(b.items);
    this.v = b.values;
    this.p = 0;
    let r = 0;
    for (let i = 0; i < b.items; i++) {
      const tag = this.v[this.p++];
      if (tag === TAG_SAMPLE) out[i] = this.sample();
      else if (tag === TAG_LATENCY) out[i] = this.latency();
      else if (tag === TAG_RECORD) out[i] = b.records[r++]!;
      else throw new Error(`journal thread: unknown item tag ${tag} at ${this.p - 1}`);
    }
    if (this.p !== b.length)
      throw new Error(`journal thread: a batch of ${b.length} numbers was read to ${this.p}`);
    this.v = new Float64Array(0);
    return out;
  }

  private sample(): SampleColumns {
    const v = this.v;
    const t = v[this.p++]!;
    const sampleT = v[this.p++]!;
    const hostId = this.strings[v[this.p++]!]!;
    const gapBefore = v[this.p++] === 1;
    const rejected = this.texts(v[this.p++]!);
    const n = v[this.p++]!;
    const same = v[this.p++]!;
    const last = this.lastSample.get(hostId);
    const c: SampleColumns = {
      kind: 'sample-columns',
      t,
      sampleT,
      hostId,
      gapBefore,
      rejected,
      name: same & SAME_NAME ? last!.name : this.texts(n),
      state: same & SAME_STATE ? last!.state : this.texts(n),
      cpuPct: this.nullables(n),
      share: this.nullables(n),
      memKiB: same & SAME_MEM ? last!.memKiB : this.numbers(n),
      maxMemKiB: same & SAME_MAX_MEM ? last!.maxMemKiB : this.nullables(n),
      vcpus: same & SAME_VCPUS ? last!.vcpus : this.numbers(n),
      netKiB: same & HAS_NET ? this.nullables(n) : null,
    };
    this.lastSample.set(hostId, c);
    return c;
  }

  private latency(): LatencyColumns {
    const v = this.v;
    const n = v[this.p++]!;
    const nT = v[this.p++]!;
    const t = nT === 0 ? v[this.p++]! : this.numbers(nT);
    const hostId = this.strings[v[this.p++]!]!;
    const probeT = v[this.p++]!;
    const k = v[this.p++]!;
    const same = v[this.p++]!;
    const last = this.lastRound.get(hostId);
    const vm = same & SAME_VM ? last!.vm : this.texts(n);
    const address = same & SAME_ADDRESS ? last!.address : this.texts(n);
    // A view, not a copy: the batch's array lives as long as its items.
    const rttUs = v.subarray(this.p, this.p + n * k);
    this.p += n * k;
    const c: LatencyColumns = {
      kind: 'latency-columns',
      n,
      t,
      hostId,
      probeT,
      vm,
      address,
      rttUs,
      k,
    };
    this.lastRound.set(hostId, c);
    return c;
  }

  private texts(n: number): string[] {
    const a = new Array<string>(n);
    for (let j = 0; j < n; j++) a[j] = this.strings[this.v[this.p++]!]!;
    return a;
  }

  private numbers(n: number): number[] {
    const a = new Array<number>(n);
    for (let j = 0; j < n; j++) a[j] = this.v[this.p++]!;
    return a;
  }

  private nullables(n: number): (number | null)[] {
    const a = new Array<number | null>(n);
    for (let j = 0; j < n; j++) {
      const x = this.v[this.p++]!;
      a[j] = Number.isNaN(x) ? null : x;
    }
    return a;
  }
}
