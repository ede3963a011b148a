import { splitLines } from './text/lines';
import { issue, type ParseIssue } from './text/parse-issue';

/**
 * `xl network-list DOM` (tools/xl/xl_nic.c, docs/host-formats.md §8): a header, then one row per
 * vif: `Idx BE Mac Addr. handle state evt-ch tx-/rx-ring-ref BE-path`. The MAC is what dom0's
 * neighbour table is searched for to find the guest's address, which the latency probes ping.
 */
export interface XlVif {
  idx: number;
  backendDomid: number;
  mac: string;
  handle: number;
  state: number;
}

const ROW = /^(\d+)\s+(\d+)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+(\d+)\s+(\d+)\s/;

export function parseXlNetworkList(text: string): { vifs: XlVif[]; errors: ParseIssue[] } {
  const vifs: XlVif[] = [];
  const errors: ParseIssue[] = [];
  splitLines(text).forEach((line, i) => {
    if (!line.trim() || /^Idx\s+BE\s+Mac/.test(line)) return;
    const m = ROW.exec(`${line} `);
    if (!m) {
      errors.push(
        issue(
          i + 1,
          1,
          'Idx BE Mac handle state …',
          line.slice(0, 40),
          'not an xl network-list row',
        ),
      );
      return;
    }
    vifs.push({
      idx: Number(m[1]),
      backendDomid: Number(m[2]),
      mac: m[3]!.toLowerCase(),
      handle: Number(m[4]),
      state: Number(m[5]),
    });
  });
  return { vifs, errors };
}
