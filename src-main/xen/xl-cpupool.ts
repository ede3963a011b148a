import { issue } from './text/parse-issue';
import { parseTable, type TableResult } from './text/table';

/**
 * `xl cpupool-list [-c]` (docs/host-formats.md §7): name in `%-19s` with no separator after it
 * (a 19-char name runs into the CPU count), then `%3d %9s       y       %4d`, or with `-c` the
 * CPU list.
 */
export interface CpupoolRow {
  name: string;
  /** Plain layout. */
  cpus?: number;
  sched?: string;
  active?: boolean;
  domains?: number;
  /** `-c` layout: every CPU number. */
  cpuList?: number[];
}

const PLAIN_HEADER = /^\s*Name\s+CPUs\s+Sched\s+Active\s+Domain count\s*$/;
const LIST_HEADER = /^\s*Name\s+CPU list\s*$/;
const PLAIN = /^\s*(.+?)\s*(\d+)\s+(\S+)\s+([yn])\s+(\d+)\s*$/;
const LIST = /^\s*(\S+)\s+(\d+(?:,\d+)*)\s*$/;

export function parseXlCpupoolList(text: string): TableResult<CpupoolRow> {
  let layout: 'plain' | 'list' | null = null;
  return parseTable<CpupoolRow>(
    text,
    'xl cpupool-list',
    (line, lineNo) => {
      const tryPlain = layout !== 'list' ? PLAIN.exec(line) : null;
      if (tryPlain) {
        const [, name, cpus, sched, active, doms] = tryPlain;
        return {
          name: name!,
          cpus: Number(cpus),
          sched: sched!,
          active: active === 'y',
          domains: Number(doms),
        };
      }
      const l = layout !== 'plain' ? LIST.exec(line) : null;
      if (l) return { name: l[1]!, cpuList: l[2]!.split(',').map(Number) };
      return issue(
        lineNo,
        1,
        layout === 'list' ? 'Name CPU-list' : 'Name CPUs Sched Active Domain-count',
        line,
        'xl cpupool-list row',
      );
    },
    (line) => {
      if (PLAIN_HEADER.test(line)) layout = 'plain';
      else if (LIST_HEADER.test(line)) layout = 'list';
      else return false;
      return true;
    },
  );
}
