import { join } from 'node:path';
import { DOM0_NAME } from '../../common/model';
import type { LatencyColumns, SampleColumns } from '../journal/columns';
import { NumberText, isoTime } from './csv';
import { WideTable } from './wide-csv';

/**
 * The time series of one host as wide CSV tables (wide-csv.ts), one row per instant, one column
 * per VM — what an operator plots in a spreadsheet:
 *
 * - `cpu-share-<host>.csv`: one row per xentop sample (so its rows are the host's recorded
 *   samples): Domain-0's CPU % as xentop printed it, then each guest's share of the guest pCPUs
 *   (0–1; a guest's CPU % is its share × 100 × the host's guest pCPUs, in hosts.csv). A separate
 *   CPU % table would repeat the shares and cost over a second of a 24-hour export.
 * - `rtt-<host>.csv`: the mean RTT (ms) of each VM's echo replies in a probe round, one row per
 *   round; empty when none came back or the VM was not probed then.
 * - `loss-<host>.csv`: the % of each VM's echo requests lost in a probe round, one row per round.
 *
 * They read a sample's or a probe line's columns (journal/columns.ts), not records: the export's
 * pass over the journal (csv-time-series.ts) makes no record object for a compact line.
 *
 * Individual echo RTTs are not in the CSV: the per-period percentiles and 2 ms histograms are
 * (periods.csv, histograms.csv), and every echo stays in the journal.
 */
export class HostTables {
  private readonly share: WideTable;
  private readonly rtt: WideTable;
  private readonly loss: WideTable;
  /** Probe time of the round whose row is open. */
  private roundT = NaN;
  private roundPos = 0;
  private readonly text = new NumberText();

  constructor(dir: string, hostId: string) {
    this.share = new WideTable(join(dir, `cpu-share-${hostId}.csv`), [
      'time',
      't_ms',
      'gap_before',
      'dom0_cpu_pct',
    ]);
    this.rtt = new WideTable(join(dir, `rtt-${hostId}.csv`), ['time', 't_ms']);
    this.loss = new WideTable(join(dir, `loss-${hostId}.csv`), ['time', 't_ms']);
  }

  sample(c: SampleColumns): Promise<void> | undefined {
    const share = this.share;
    share.begin();
    let dom0 = '';
    const { name, cpuPct } = c;
    const shares = c.share;
    for (let i = 0; i < name.length; i++) {
      const x = shares[i]!;
      if (x !== null) share.set(i, name[i]!, this.text.get(x));
      else if (name[i] === DOM0_NAME && cpuPct[i] !== null) dom0 = this.text.get(cpuPct[i]!);
    }
    return share.end(
      `${isoTime(c.sampleT)},${c.sampleT},${c.gapBefore ? 'true' : 'false'},${dom0}`,
    );
  }

  /** Probe results; a round's results (same probe time) share a row, also when they came on several lines. */
  probes(c: LatencyColumns): Promise<void> | undefined {
    let pending: Promise<void> | undefined;
    if (c.probeT !== this.roundT) {
      pending = this.endRound();
      this.roundT = c.probeT;
      this.roundPos = 0;
      this.rtt.begin();
      this.loss.begin();
    }
    const { k, rttUs, vm } = c;
    for (let i = 0; i < c.n; i++) {
      let replies = 0;
      let sum = 0;
      for (let j = i * k; j < i * k + k; j++) {
        const us = rttUs[j]!;
        if (us === -1) continue;
        replies++;
        sum += us;
      }
      const pos = this.roundPos++;
      // The mean in ms to the microsecond, as ping's own resolution.
      this.rtt.set(pos, vm[i]!, replies ? this.text.get(Math.round(sum / replies) / 1000) : '');
      // Nearly every round loses nothing.
      this.loss.set(
        pos,
        vm[i]!,
        replies === k ? (k ? '0' : '') : this.text.get(Math.round(((k - replies) / k) * 1000) / 10),
      );
    }
    return pending;
  }

  /** Closes the tables; returns the files written. */
  async close(): Promise<string[]> {
    await this.endRound();
    const files = await Promise.all([this.share.close(), this.rtt.close(), this.loss.close()]);
    return files.filter((f): f is string => f !== null);
  }

  async abandon(): Promise<void> {
    await Promise.all([this.share.abandon(), this.rtt.abandon(), this.loss.abandon()]);
  }

  private endRound(): Promise<void> | undefined {
    if (!this.rtt.inRow) return undefined;
    const fixed = `${isoTime(this.roundT)},${this.roundT}`;
    const a = this.rtt.end(fixed);
    const b = this.loss.end(fixed);
    return a && b ? Promise.all([a, b]).then(() => undefined) : (a ?? b);
  }
}
