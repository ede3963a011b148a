import { Histogram } from 'prom-client';

type Exposed<L extends string> = Awaited<ReturnType<Histogram<L>['get']>>;
type Value<L extends string> = Exposed<L>['values'][number];
type LabelValues<L extends string> = Value<L>['labels'];

interface Series<L extends string> {
  labels: LabelValues<L>;
  /** Per bucket, not cumulative; the last is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram fed with counts per bucket rather than one value at a time: the host
 * counts scheduling waits in its own histogram (thousands a second per VM), and the exposition
 * adds those counts as they are, exact, instead of replaying every wait through `observe`.
 * prom-client's Histogram has no such entry, so this one keeps its own series and answers
 * `get()` in the shape the registry formats.
 */
export class CountedHistogram<L extends string> extends Histogram<L> {
  private readonly series = new Map<string, Series<L>>();
  private readonly bounds: readonly number[];
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(config: { name: string; help: string; labelNames: readonly L[]; buckets: number[] }) {
    super({ ...config, registers: [] });
    this.bounds = config.buckets;
    this.metricName = config.name;
    this.metricHelp = config.help;
  }

  /** Adds counts per bucket (`counts[i]` for bound i, one more at the end for +Inf). */
  add(labels: LabelValues<L>, counts: readonly number[], sum: number): void {
    const key = seriesKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < s.counts.length; i++) {
      const n = counts[i] ?? 0;
      s.counts[i]! += n;
      s.count += n;
    }
    s.sum += sum;
  }

  /** Every series whose labels include all of `match`. */
  removeMatching(match: LabelValues<L>): void {
    for (const [key, s] of this.series) {
      if (Object.entries(match).every(([k, v]) => s.labels[k as L] === v)) this.series.delete(key);
    }
  }

  /**
   * What the registry formats. prom-client 15's registry asks `getForPromString()` first and
   * `get()` otherwise; both answer the same here (pinned version; the spec holds the format).
   */
  override async get(): Promise<Exposed<L>> {
    const values: Value<L>[] = [];
    const bucket = `${this.metricName}_bucket`;
    for (const s of this.series.values()) {
      let acc = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        acc += s.counts[i]!;
        values.push({ labels: withLe(s.labels, this.bounds[i]!), value: acc, metricName: bucket });
      }
      values.push({ labels: withLe(s.labels, '+Inf'), value: s.count, metricName: bucket });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.metricName}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.metricName}_count` });
    }
    return {
      name: this.metricName,
      help: this.metricHelp,
      // The typings declare a numeric enum; the registry prints this string as the TYPE.
      type: 'histogram' as unknown as Exposed<L>['type'],
      aggregator: 'sum',
      values,
      collect: () => undefined,
    };
  }

  getForPromString(): Promise<Exposed<L>> {
    return this.get();
  }

  override reset(): void {
    super.reset();
    // The base constructor calls reset() before this class's fields exist.
    this.series?.clear();
  }
}

function withLe<L extends string>(labels: LabelValues<L>, le: number | string): LabelValues<L> {
  return { ...labels, le } as LabelValues<L>;
}

function seriesKey(labels: Record<string, unknown>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${String(labels[k])}`)
    .join('\u0001');
}
