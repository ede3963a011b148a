import { DOM0_NAME, type HostSample } from '@common/model';
import { firstAtOrAfter, mergeSamples } from '@common/metrics/sample-merge';

/** One point of a VM's layer in the stacked CPU share chart. */
export interface StackPoint {
  x: number;
  /** Top of the VM's layer: its share plus those of the layers below (%); null breaks the line. */
  y: number | null;
  /** The VM's own share (%); null where it was not measured (its layer is then 0 thick). */
  share: number | null;
}

export type StackChange = 'unchanged' | 'advanced' | 'rebuilt';

/** Bucket widths (s) a long range is averaged over: a few steps, so the width rarely changes. */
const STEPS_S = [1, 2, 3, 5, 6, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** The smallest step at least `ms` wide (whole hours past the ladder). */
export function bucketWidth(ms: number): number {
  const s = STEPS_S.find((step) => step * 1000 >= ms);
  return s ? s * 1000 : Math.ceil(ms / 3_600_000) * 3_600_000;
}

/**
 * The stacked CPU share chart's layers, one per guest (sorted by name, so each VM keeps its place
 * and colour), stacked here rather than by Chart.js: Chart.js re-stacks every point of every
 * dataset on each update, and for each point walks all the datasets; for 50 VMs × 600 points that
 * took longer than a frame, every second. Here a column is stacked once, when it arrives.
 *
 * Every layer has a point at every column, so the layers line up by index (the tooltip's "index"
 * mode relies on it). A range of more than `maxColumns` samples is averaged over buckets aligned
 * to the clock, each VM's share its mean over the bucket (mergeSamples), so the stack still sums
 * to the host's total. Chart.js's own LTTB decimation cannot serve a stacked chart: it keeps
 * different x values per series, and the layers would tear apart. Aligned to the clock, a bucket
 * once full never changes while the range slides.
 *
 * `show` follows the visible samples: when the range only slid forward (following new data, or a
 * pan to the right), new columns are pushed and old ones shifted off the same arrays (Chart.js
 * sees the push and shift, and re-reads nothing else); anything else (another range, a zoom, a
 * new VM, an outage, older samples arriving) rebuilds them as new arrays.
 */
export class ShareStack {
  /** The guests, bottom layer first. */
  names: readonly string[] = [];
  /** One array per name, oldest first. */
  layers: StackPoint[][] = [];
  /** Bucket width (ms); 0 when every sample is a column. */
  private width = 0;
  private min = -Infinity;
  private max = -Infinity;
  private newest = -Infinity;
  /** The oldest visible sample: older ones appearing (history arriving late) mean a rebuild. */
  private oldest = Infinity;
  /** The samples of the newest bucket, and whether it has a column yet. */
  private group: HostSample[] = [];
  private groupKey = NaN;
  private groupShown = false;

  constructor(private readonly maxColumns: number) {}

  /** Brings the layers to `samples` (oldest first, all within `range`). */
  show(samples: readonly HostSample[], range: { min: number; max: number }): StackChange {
    const width =
      samples.length <= this.maxColumns
        ? 0
        : bucketWidth((range.max - range.min) / this.maxColumns);
    const added = samples.slice(firstAtOrAfter(samples, this.newest + 1));
    if (
      this.layers.length > 0 &&
      width === this.width &&
      range.min >= this.min &&
      range.max >= this.max &&
      (samples[0]?.t ?? Infinity) >= this.oldest &&
      added.every((s) => this.fits(s))
    ) {
      const before = this.columns();
      const first = this.layers[0]?.[0];
      for (const s of added) this.take(s);
      this.dropBefore(range.min);
      this.min = range.min;
      this.max = range.max;
      this.oldest = samples[0]?.t ?? Infinity;
      return added.length > 0 || this.layers[0]?.[0] !== first || this.columns() !== before
        ? 'advanced'
        : 'unchanged';
    }
    this.rebuild(samples, range, width);
    return 'rebuilt';
  }

  private columns(): number {
    return this.layers[0]?.length ?? 0;
  }

  /** A sample joins without a rebuild: it is newer, brings no new guest and follows no outage. */
  private fits(s: HostSample): boolean {
    if (s.gapBefore || s.t <= this.newest) return false;
    const known = new Set(this.names);
    return s.domains.every((d) => d.name === DOM0_NAME || d.share === null || known.has(d.name));
  }

  private rebuild(
    samples: readonly HostSample[],
    range: { min: number; max: number },
    width: number,
  ): void {
    const names = new Set<string>();
    for (const s of samples)
      for (const d of s.domains) if (d.name !== DOM0_NAME && d.share !== null) names.add(d.name);
    this.names = [...names].sort((a, b) => a.localeCompare(b));
    this.layers = this.names.map(() => []);
    this.width = width;
    this.min = range.min;
    this.max = range.max;
    this.newest = -Infinity;
    this.oldest = samples[0]?.t ?? Infinity;
    this.group = [];
    this.groupKey = NaN;
    this.groupShown = false;
    for (const s of samples) this.take(s);
  }

  private take(sample: HostSample): void {
    this.newest = sample.t;
    if (this.width === 0) {
      this.push(sample);
      return;
    }
    const key = Math.floor(sample.t / this.width);
    if (key !== this.groupKey) {
      this.group = [];
      this.groupKey = key;
      this.groupShown = false;
    }
    this.group.push(sample);
    const merged = mergeSamples(this.group);
    if (this.groupShown) this.replaceLast(merged);
    else this.groupShown = this.push(merged);
  }

  /** Adds the sample's column (after a break if it follows an outage); false if it has none. */
  private push(sample: HostSample): boolean {
    const column = this.column(sample);
    if (!column) return false;
    const last = this.layers[0]?.at(-1);
    if (sample.gapBefore && last && last.y !== null) {
      for (const layer of this.layers) layer.push({ x: sample.t - 1, y: null, share: null });
    }
    this.layers.forEach((layer, i) => layer.push(column[i] as StackPoint));
    return true;
  }

  private replaceLast(sample: HostSample): void {
    const column = this.column(sample);
    if (!column) return;
    this.layers.forEach((layer, i) => (layer[layer.length - 1] = column[i] as StackPoint));
  }

  /** The sample stacked, bottom layer first; null when no guest was measured (xentop's first frame). */
  private column(sample: HostSample): StackPoint[] | null {
    const shares = new Map<string, number>();
    for (const d of sample.domains)
      if (d.name !== DOM0_NAME && d.share !== null) shares.set(d.name, d.share * 100);
    if (shares.size === 0) return null;
    let top = 0;
    return this.names.map((name) => {
      const share = shares.get(name) ?? null;
      top += share ?? 0;
      return { x: sample.t, y: top, share };
    });
  }

  private dropBefore(min: number): void {
    let n = 0;
    const first = this.layers[0] ?? [];
    while (n < first.length && (first[n]?.x ?? Infinity) < min) n++;
    // Past the gap's break too: a line must not start with one.
    while (n < first.length && first[n]?.y === null) n++;
    if (n === 0) return;
    for (const layer of this.layers) {
      if (n === 1) layer.shift();
      else layer.splice(0, n);
    }
  }
}
