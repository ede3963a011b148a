import { WAIT_BUCKETS, type WaitCounters } from '../common/metrics/sched-waits';
import { TOO_LARGE, counterExpected, scanCounter } from './text/numbers';
import { issue } from './text/parse-issue';
import { INT, named, parseTable, parseTail, tok, type TableResult } from './text/table';

/**
 * `vslicer-ctl -w` (hypervisor/README.md, "Wait statistics"): a header, then per domain
 * `%-33s %4u %12llu %12llu %14llu %10llu %s` — name, ID, Dispatches, Waits, Sum(us), Max(us) and
 * the 24 histogram counts as one comma-separated token. Names may hold spaces: rows are read from
 * the right. Every figure is cumulative; consumers take differences (common/metrics/sched-waits.ts).
 */
export interface WaitRow extends WaitCounters {
  name: string;
  domid: number;
}

const HEADER = /^\s*Name\s+ID\s+Dispatches\s+Waits\s+Sum\(us\)\s+Max\(us\)\s+Histogram\s*$/;
const HIST = tok(`Histogram (${WAIT_BUCKETS} comma-separated counts)`, /^\d+(,\d+)*$/);
const WHAT = 'vslicer-ctl -w row';
const COLUMNS = ['ID', 'Dispatches', 'Waits', 'Sum(us)', 'Max(us)'];

export function parseVslicerWaits(text: string): TableResult<WaitRow> {
  return parseTable<WaitRow>(
    text,
    'vslicer-ctl -w',
    (line, lineNo) => {
      const spec = COLUMNS.map((c) => named(INT, c));
      const r = parseTail(line, lineNo, WHAT, [...spec, HIST]);
      if (!r.ok) return r.issue;
      const counts = r.tokens[5]!.split(',');
      if (counts.length !== WAIT_BUCKETS)
        return issue(
          lineNo,
          line.length - r.tokens[5]!.length + 1,
          HIST.expected,
          r.tokens[5]!,
          WHAT,
        );
      // Counters are exact up to 2^53 − 1 (text/numbers.ts); a larger one is refused, not rounded.
      const values = [...r.tokens.slice(0, 5), ...counts].map((t) => scanCounter(t, 0, t.length));
      const big = values.indexOf(TOO_LARGE);
      if (big >= 0)
        return issue(
          lineNo,
          1,
          counterExpected(big < 5 ? COLUMNS[big]! : 'Histogram', TOO_LARGE),
          big < 5 ? r.tokens[big]! : counts[big - 5]!,
          WHAT,
        );
      const [domid, dispatches, waits, sumUs, maxUs] = values as [
        number,
        number,
        number,
        number,
        number,
      ];
      const hist = values.slice(5);
      return { name: r.name, domid, dispatches, waits, sumUs, maxUs, hist };
    },
    (line) => HEADER.test(line),
  );
}
