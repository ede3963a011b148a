import type { HostStatus } from '../../common/model';
import type { JournalDamage } from '../../common/session';
import type { JournalRecord } from '../journal/record';
import type { Gap, Integrity } from './report-schema';

/**
 * What a reader needs to trust a report: how many records of each kind, samples per host, and
 * every hole in the data — a sample flagged `gapBefore` (the poller lost the host and came back)
 * and every outage the connection status shows (ready → anything else → ready again).
 */
export class IntegrityTracker {
  private records = 0;
  private readonly byKind: Record<string, number> = {};
  private firstT: number | null = null;
  private lastT: number | null = null;
  private readonly samples = new Map<string, number>();
  private readonly lastSampleT = new Map<string, number>();
  private readonly outageFrom = new Map<
    string,
    { t: number; state: string; message: string | null }
  >();
  private readonly gaps: Gap[] = [];
  private readonly wasReady = new Set<string>();

  count(r: JournalRecord): void {
    this.countOf(r.kind, 1, r.t);
  }

  /** `n` records of one kind written at `t` (a compact line's), or each at its own time. */
  countOf(kind: JournalRecord['kind'], n: number, t: number | readonly number[]): void {
    this.records += n;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + n;
    if (typeof t === 'number') this.seen(t);
    else for (const x of t) this.seen(x);
  }

  private seen(t: number): void {
    if (this.firstT === null || t < this.firstT) this.firstT = t;
    if (this.lastT === null || t > this.lastT) this.lastT = t;
  }

  sample(hostId: string, t: number, gapBefore: boolean): void {
    this.samples.set(hostId, (this.samples.get(hostId) ?? 0) + 1);
    const prev = this.lastSampleT.get(hostId);
    if (gapBefore && prev !== undefined) {
      this.gaps.push({
        hostId,
        kind: 'sample-gap',
        from: prev,
        to: t,
        durationMs: t - prev,
        detail: 'first sample after an outage (gapBefore)',
      });
    }
    this.lastSampleT.set(hostId, t);
  }

  status(s: HostStatus, t: number): void {
    const open = this.outageFrom.get(s.hostId);
    if (s.state === 'ready') {
      this.wasReady.add(s.hostId);
      if (open) {
        this.gaps.push(outage(s.hostId, open, t, 'back to ready'));
        this.outageFrom.delete(s.hostId);
      }
    } else if (!open && this.wasReady.has(s.hostId)) {
      // Connecting before the first `ready` is a start, not an outage; losing a ready host is.
      this.outageFrom.set(s.hostId, { t: s.since || t, state: s.state, message: s.message });
    }
  }

  /** Records dropped while the journal could not be written (a `gap` record). */
  journalGap(g: { from: number; to: number; records: number; reason: string }): void {
    this.gaps.push({
      hostId: '',
      kind: 'recording-paused',
      from: g.from,
      to: g.to,
      durationMs: Math.max(0, g.to - g.from),
      detail:
        g.records > 0
          ? `${g.records} records were not recorded: ${g.reason}`
          : `recording paused, nothing lost: ${g.reason}`,
    });
  }

  samplesOf(hostId: string): number {
    return this.samples.get(hostId) ?? 0;
  }

  toReport(journalSha256: string, damage: JournalDamage | null = null): Integrity {
    const gaps = [...this.gaps];
    // An outage still open when the journal ends lasted until the last record.
    for (const [hostId, open] of this.outageFrom)
      gaps.push(outage(hostId, open, this.lastT ?? open.t, 'still open at the end'));
    gaps.sort((a, b) => a.from - b.from);
    return {
      journalSha256,
      records: this.records,
      recordsByKind: { ...this.byKind },
      firstT: this.firstT,
      lastT: this.lastT,
      samplesPerHost: [...this.samples].map(([hostId, samples]) => ({ hostId, samples })),
      gaps,
      gapsTotalMs: gaps.reduce((sum, g) => sum + g.durationMs, 0),
      damage,
    };
  }
}

function outage(
  hostId: string,
  open: { t: number; state: string; message: string | null },
  to: number,
  end: string,
): Gap {
  const why = open.message ? `: ${open.message}` : '';
  return {
    hostId,
    kind: 'outage',
    from: open.t,
    to,
    durationMs: Math.max(0, to - open.t),
    detail: `${open.state}${why} (${end})`,
  };
}
