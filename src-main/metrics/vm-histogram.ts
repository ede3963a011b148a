import { ByteBlock } from './kept-lines';
import { CLOSE_LABELS, familyHead, num, utf8, type ByteWriter } from './text-writer';

/** A per-VM histogram family: Prometheus's `_bucket` (cumulative, `le`), `_sum` and `_count`. */
export interface HistogramFamily {
  name: string;
  help: string;
  /** Upper bounds, seconds, ascending; +Inf is implicit. */
  bounds: readonly number[];
}

/** A histogram family's fixed bytes: each line's text before and after the series' labels. */
export interface HistogramHeads {
  /** `# HELP` and `# TYPE`. */
  family: Buffer;
  bucket: Buffer;
  /** `,le="…"} ` per bucket, the last +Inf. */
  le: Buffer[];
  sum: Buffer;
  count: Buffer;
}

export class Histogram {
  /** Per bucket, not cumulative; the last is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  /** The series' lines as last written; rewritten at the next scrape once a count changed. */
  readonly text = new ByteBlock(2048);
  changed = true;

  constructor(buckets: number) {
    this.counts = new Float64Array(buckets);
  }

  write(out: ByteWriter, heads: HistogramHeads, labels: Buffer): void {
    if (this.changed) {
      const b = this.text;
      b.clear();
      let acc = 0;
      for (let i = 0; i < this.counts.length; i++) {
        acc += this.counts[i]!;
        b.line(heads.bucket, labels, heads.le[i]!, acc);
      }
      b.line(heads.sum, labels, CLOSE_LABELS, this.sum);
      b.line(heads.count, labels, CLOSE_LABELS, acc);
      this.changed = false;
    }
    this.text.writeTo(out);
  }
}
/** The fixed bytes of a histogram family, made once. */
export function histogramHeads(f: HistogramFamily): HistogramHeads {
  return {
    family: familyHead(f.name, 'histogram', f.help),
    bucket: utf8(`${f.name}_bucket{`),
    le: [...f.bounds.map(num), '+Inf'].map((b) => utf8(`,le="${b}"} `)),
    sum: utf8(`${f.name}_sum{`),
    count: utf8(`${f.name}_count{`),
  };
}
