import { join } from 'node:path';
import { DOM0_NAME, type HostSample } from '../../common/model';
import type { LatencySample } from '../../common/sched';
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
    this.share = new WideTable(join(dir, `cpu-share-${hostId}.csv`), ['time', 't_ms', 'gap_before', 'dom0_cpu_pct']);
    this.rtt = new WideTable(join(dir, `rtt-${hostId}.csv`), ['time', 't_ms']);
    this.loss = new WideTable(join(dir, `loss-${hostId}.csv`), ['time', 't_ms']);
  }

  sample(s: HostSample): Promise<void> | undefined {
    const share = this.share;
    share.begin();
    let dom0 = '';
    const domains = s.domains;
    for (let i = 0; i < domains.length; i++) {
      const d = domains[i]!;
      if (d.share !== null) share.set(i, d.name, this.text.get(d.share));
      else if (d.name === DOM0_NAME && d.cpuPct !== null) dom0 = this.text.get(d.cpuPct);
    }
    return share.end(`${isoTime(s.t)},${s.t},${s.gapBefore ? 'true' : 'false'},${dom0}`);
  }

  /** One VM's probe result; results of one round (same probe time) share a row. */
  probe(l: LatencySample): Promise<void> | undefined {
    let pending: Promise<void> | undefined;
    if (l.t !== this.roundT) {
      pending = this.endRound();
      this.roundT = l.t;
      this.roundPos = 0;
      this.rtt.begin();
      this.loss.begin();
    }
    const rtts = l.rttMs;
    const sent = rtts.length;
    let replies = 0;
    let sum = 0;
    for (let i = 0; i < sent; i++) {
      const v = rtts[i]!;
      if (v === null) continue;
      replies++;
      sum += v;
    }
    const pos = this.roundPos++;
    this.rtt.set(pos, l.vm, replies ? this.text.get(Math.round((sum / replies) * 1000) / 1000) : '');
    // Nearly every round loses nothing.
    this.loss.set(pos, l.vm, replies === sent ? (sent ? '0' : '') : this.text.get(Math.round(((sent - replies) / sent) * 1000) / 10));
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
