import { issue } from './text/parse-issue';
import { parseTable, type TableResult } from './text/table';

/**
 * `xl vcpu-list`: `%-32s %5u %5u%5u %3c%c- %9.1f  hard / soft` (docs/host-formats.md §5). The
 * affinity can be two words (`any cpu`, ≤4.3) and holds ` / ` since 4.5, so the row is anchored
 * on the 3-letter state instead of split: name, ID, VCPU, CPU (`-` when offline), state, time,
 * affinity.
 */
export interface VcpuRow {
  name: string;
  domid: number;
  vcpu: number;
  /** null for an offline vCPU (`-`). */
  cpu: number | null;
  stateText: string;
  running: boolean;
  blocked: boolean;
  /** `--p`: offline. */
  offline: boolean;
  timeSec: number;
  /** Hard affinity as printed: `all`, `any cpu`, `none`, `0-3,8`. */
  hardAffinity: string;
  /** Soft affinity (4.5+), null when the column has no ` / ` part. */
  softAffinity: string | null;
}

const ROW = /^(.*?)\s+(\d+)\s+(\d+)\s*(\d+|-)\s+([r-][b-][-p])\s+(\d+\.\d+)\s+(\S.*?)\s*$/;
const HEADER = /^\s*Name\s+ID\s+VCPU\s+CPU\s+State\s+Time\(s\)/;

export function parseXlVcpuList(text: string): TableResult<VcpuRow> {
  return parseTable<VcpuRow>(
    text,
    'xl vcpu-list',
    (line, lineNo) => {
      const m = ROW.exec(line);
      const name = m?.[1]?.trim() ?? '';
      if (!m || name === '') {
        return issue(
          lineNo,
          1,
          'Name ID VCPU CPU State Time(s) Affinity',
          line,
          'xl vcpu-list row',
        );
      }
      const [hard, soft] = m[7]!.split(' / ');
      const state = m[5]!;
      return {
        name,
        domid: Number(m[2]),
        vcpu: Number(m[3]),
        cpu: m[4] === '-' ? null : Number(m[4]),
        stateText: state,
        running: state[0] === 'r',
        blocked: state[1] === 'b',
        offline: state[2] === 'p',
        timeSec: Number(m[6]),
        hardAffinity: hard!.trim(),
        softAffinity: soft === undefined ? null : soft.trim(),
      };
    },
    (line) => HEADER.test(line),
  );
}

/**
 * A printed affinity as the pCPUs it names: `all` / `any cpu` are every one of `nrCpus`, `none`
 * none, otherwise ranges like `0-3,8`. null when the text is none of these.
 */
export function parseAffinity(text: string, nrCpus: number): number[] | null {
  const t = text.trim();
  if (t === 'all' || t === 'any cpu') return Array.from({ length: nrCpus }, (_, i) => i);
  if (t === 'none') return [];
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(t)) return null;
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let c = a; c <= (b ?? a) && c < a + 4096; c++) out.add(c);
  }
  return [...out].sort((x, y) => x - y);
}
