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

/**
 * One series of a histogram family, with its lines kept as bytes. They are rewritten when counts
 * arrive rather than at the next scrape: a scrape in which every host's scheduling waits came in
 * would otherwise rewrite thousands of series at once, and that scrape is the slowest one
 * Prometheus sees. A probe round or a wait reading arrives every 2–5 s per VM, so rewriting a
 * block of 14–17 lines each time costs about 1 % of a core at 4,000 VMs even when Prometheus
 * scrapes far less often and most rewrites are never read.
 */
export class Histogram {
  /** Per bucket, not cumulative; the last is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  /** The series' lines as of its last counts. */
  private readonly text = new ByteBlock(2048);

  constructor(
    private readonly heads: HistogramHeads,
    private readonly labels: Buffer,
  ) {
    this.counts = new Float64Array(heads.le.length);
    this.rewrite();
  }

  /** After counts or the sum changed. */
  rewrite(): void {
    const { heads, labels } = this;
    const b = this.text;
    b.clear();
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i]!;
      b.line(heads.bucket, labels, heads.le[i]!, acc);
    }
    b.line(heads.sum, labels, CLOSE_LABELS, this.sum);
    b.line(heads.count, labels, CLOSE_LABELS, acc);
  }

  write(out: ByteWriter): void {
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
