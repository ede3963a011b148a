import type { VmClass } from '../../common/sched';
import { LatencyAccumulator, round3 } from '../../common/metrics/latency';
import {
  addWaits,
  emptyWaits,
  summarizeWaits,
  type WaitCounters,
} from '../../common/metrics/sched-waits';
import { MinMaxSeries } from '../../common/metrics/thinning';
import type { Metrics, Period, VmReport, WaitReport } from './report-schema';

/**
 * One VM's story as the journal streams by. A host's timeline is cut into epochs at every class
 * switch on it; each VM accumulates its latency and CPU share per epoch. A class period is a run
 * of epochs (merged at the end), and a before/after comparison is the epoch on either side of a
 * switch — so the figures of the paper's Tables 1–3 come from one pass, without keeping RTTs.
 */
interface EpochAcc {
  latency: LatencyAccumulator | null;
  shareSum: number;
  shareN: number;
  /** Scheduling waits of the readings inside the epoch, and the time they cover. */
  waits: WaitCounters | null;
  waitMs: number;
}

interface Merged {
  latency: LatencyAccumulator;
  shareSum: number;
  shareN: number;
  waits: WaitCounters | null;
  waitMs: number;
}

function waitReport(waits: WaitCounters | null, coveredMs: number): WaitReport | null {
  if (!waits) return null;
  return { ...summarizeWaits(waits), hist: [...waits.hist], coveredMs };
}

interface PeriodDraft {
  vmClass: VmClass | null;
  microsliceMs: number | null;
  from: number;
  fromEpoch: number;
  cause: Period['cause'];
  switchId: string | null;
}

export class VmTimeline {
  domid: number | null = null;
  readonly share = new MinMaxSeries();
  readonly rtt = new MinMaxSeries();
  readonly switchIds: string[] = [];
  /** A switch of this VM is in flight: a listing showing the new class is not a separate change. */
  switchPending = false;
  private readonly epochs = new Map<number, EpochAcc>();
  /** The epoch written to last: nearly every sample goes to the same one as the one before. */
  private lastEpoch = -1;
  private lastAcc: EpochAcc | null = null;
  private readonly periods: PeriodDraft[] = [];

  constructor(
    readonly hostId: string,
    readonly name: string,
    t: number,
    epoch: number,
    /** Keep the downsampled chart series (cpuShare, rtt); a report for CSV tables needs none. */
    private readonly charts = true,
  ) {
    this.periods.push({
      vmClass: null,
      microsliceMs: null,
      from: t,
      fromEpoch: epoch,
      cause: 'start',
      switchId: null,
    });
  }

  get current(): PeriodDraft {
    return this.periods[this.periods.length - 1]!;
  }

  private acc(epoch: number): EpochAcc {
    if (epoch === this.lastEpoch) return this.lastAcc!;
    let a = this.epochs.get(epoch);
    if (!a)
      this.epochs.set(
        epoch,
        (a = { latency: null, shareSum: 0, shareN: 0, waits: null, waitMs: 0 }),
      );
    this.lastEpoch = epoch;
    this.lastAcc = a;
    return a;
  }

  addShare(epoch: number, t: number, share: number, gapBefore: boolean): void {
    if (this.charts) this.share.add(t, share, gapBefore);
    const a = this.acc(epoch);
    a.shareSum += share;
    a.shareN++;
  }

  addRound(epoch: number, t: number, rttMs: readonly (number | null)[]): void {
    const a = this.acc(epoch);
    const mean = (a.latency ??= new LatencyAccumulator()).addRound(rttMs);
    if (this.charts && !Number.isNaN(mean)) this.rtt.add(t, mean);
  }

  /** One reading's window of scheduling waits, wholly inside the epoch (the caller checks). */
  addWaits(epoch: number, window: WaitCounters, coveredMs: number): void {
    const a = this.acc(epoch);
    addWaits((a.waits ??= emptyWaits()), window);
    a.waitMs += coveredMs;
  }

  /** The class as a scheduler listing shows it; returns true when that is a change nobody switched. */
  observeClass(vmClass: VmClass, microsliceMs: number, t: number, epoch: number): boolean {
    const cur = this.current;
    if (cur.vmClass === null) {
      // First listing: the VM had this class since we first saw it.
      cur.vmClass = vmClass;
      cur.microsliceMs = microsliceMs;
      return false;
    }
    if (this.switchPending || (cur.vmClass === vmClass && cur.microsliceMs === microsliceMs))
      return false;
    this.periods.push({
      vmClass,
      microsliceMs,
      from: t,
      fromEpoch: epoch,
      cause: 'listing',
      switchId: null,
    });
    return true;
  }

  switched(
    vmClass: VmClass,
    microsliceMs: number,
    t: number,
    epoch: number,
    switchId: string,
  ): void {
    const cur = this.current;
    if (cur.vmClass === null && this.periods.length === 1 && cur.fromEpoch === epoch) {
      cur.vmClass = vmClass;
      cur.microsliceMs = microsliceMs;
      return;
    }
    this.periods.push({
      vmClass,
      microsliceMs,
      from: t,
      fromEpoch: epoch,
      cause: 'switch',
      switchId,
    });
  }

  /** Before the first listing, a switch's `from` tells which class the VM had. */
  learnInitialClass(vmClass: VmClass, microsliceMs: number): void {
    const cur = this.current;
    if (cur.vmClass === null) {
      cur.vmClass = vmClass;
      cur.microsliceMs = microsliceMs;
    }
  }

  classAt(epoch: number): VmClass | null {
    let found: VmClass | null = null;
    for (const p of this.periods) if (p.fromEpoch <= epoch) found = p.vmClass;
    return found;
  }

  private merged(fromEpoch: number, toEpoch: number): Merged {
    const m: Merged = {
      latency: new LatencyAccumulator(),
      shareSum: 0,
      shareN: 0,
      waits: null,
      waitMs: 0,
    };
    for (let e = fromEpoch; e < toEpoch; e++) {
      const a = this.epochs.get(e);
      if (!a) continue;
      if (a.latency) m.latency.merge(a.latency);
      m.shareSum += a.shareSum;
      m.shareN += a.shareN;
      if (a.waits) addWaits((m.waits ??= emptyWaits()), a.waits);
      m.waitMs += a.waitMs;
    }
    return m;
  }

  hasData(epoch: number): boolean {
    return this.epochs.has(epoch);
  }

  metrics(epoch: number): Metrics {
    const m = this.merged(epoch, epoch + 1);
    const s = m.latency.stats();
    const w = m.waits ? summarizeWaits(m.waits) : null;
    return {
      rttMeanMs: s.meanMs,
      p50Ms: s.p50Ms,
      p99Ms: s.p99Ms,
      cpuShare: m.shareN === 0 ? null : round3(m.shareSum / m.shareN),
      replies: s.count,
      lossPct: s.lossPct,
      waitMeanMs: w?.meanMs ?? null,
      waitP99MaxMs: w?.p99MaxMs ?? null,
      waitMaxMs: w?.maxMs ?? null,
      waits: w?.waits ?? 0,
    };
  }

  /** `epochCount`: the host's epochs so far; `lastT`: when the host was last heard of. */
  toReport(epochCount: number, lastT: number): VmReport {
    const periods: Period[] = this.periods.map((p, index) => {
      const next = this.periods[index + 1];
      const m = this.merged(p.fromEpoch, next ? next.fromEpoch : epochCount);
      return {
        index,
        vmClass: p.vmClass,
        microsliceMs: p.microsliceMs,
        from: p.from,
        to: next ? next.from : Math.max(lastT, p.from),
        cause: p.cause,
        switchId: p.switchId,
        latency: m.latency.stats(),
        histogram: m.latency.histogram(),
        cpuShareMean: m.shareN === 0 ? null : round3(m.shareSum / m.shareN),
        samples: m.shareN,
        waits: waitReport(m.waits, m.waitMs),
      };
    });
    return {
      hostId: this.hostId,
      name: this.name,
      domid: this.domid,
      cpuShare: this.share.toSeries(),
      rtt: this.rtt.toSeries(3),
      periods,
      switchIds: [...this.switchIds],
    };
  }
}
