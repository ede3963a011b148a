import type { PredictionCheck, WhatIf } from '../common/advice';
import type { ApiEvent } from '../common/api';
import { changePct } from '../common/metrics/change';
import { summarize } from '../common/metrics/rtt';

/**
 * Predicted against observed: a what-if the operator saw (advice panel, switch dialog) is kept for
 * a while; when that very switch is then made — same host, VM and microslice — a check starts,
 * and every probe round of the VM after the switch adds to what is observed, until the host's
 * next switch starts (it changes what the VM competes with: the after-window of
 * common/metrics/switch-windows.ts). Each change goes out as a `predictionCheck` event, which the
 * journal keeps and reports show.
 */
const FRESH_MS = 30 * 60_000;

interface Open {
  check: PredictionCheck;
  rtts: number[];
  lost: number;
  closed: boolean;
}

export class PredictionChecks {
  private readonly predictions = new Map<string, { whatIf: WhatIf; at: number }>();
  private readonly byHost = new Map<string, Open[]>();

  constructor(
    private readonly publish: (check: PredictionCheck) => void,
    private readonly now: () => number = Date.now,
  ) {}

  remember(w: WhatIf): void {
    this.predictions.set(`${w.hostId}|${w.domid}|${w.microsliceMs}`, { whatIf: w, at: this.now() });
  }

  list(hostId: string): PredictionCheck[] {
    return (this.byHost.get(hostId) ?? []).map((o) => o.check);
  }

  /** Checks of a recorded session, as its journal kept them (their last state per switch). */
  restore(checks: readonly PredictionCheck[]): void {
    for (const c of checks) {
      const list = this.byHost.get(c.hostId) ?? [];
      const i = list.findIndex((o) => o.check.switchId === c.switchId);
      const open = { check: c, rtts: [], lost: 0, closed: true };
      if (i >= 0) list[i] = open;
      else list.push(open);
      this.byHost.set(c.hostId, list);
    }
  }

  observe(event: ApiEvent): void {
    if (event.name === 'classSwitch') {
      const sw = event.payload;
      const open = this.byHost.get(sw.hostId) ?? [];
      if (sw.state === 'running') for (const o of open) o.closed = true;
      if (sw.state !== 'done' || sw.to.microsliceMs <= 0) return;
      const key = `${sw.hostId}|${sw.domid}|${sw.to.microsliceMs}`;
      const p = this.predictions.get(key);
      if (!p || this.now() - p.at > FRESH_MS) return;
      this.predictions.delete(key);
      const check: PredictionCheck = {
        hostId: sw.hostId,
        switchId: sw.id,
        vm: sw.vm,
        microsliceMs: sw.to.microsliceMs,
        t: sw.finishedAt ?? sw.startedAt,
        predictedP50Ms: p.whatIf.asLsvm.rttP50Ms.mean,
        predictedP99Ms: p.whatIf.asLsvm.rttP99Ms.mean,
        observedP50Ms: null,
        observedP99Ms: null,
        observedCount: 0,
        p50ErrorPct: null,
      };
      open.push({ check, rtts: [], lost: 0, closed: false });
      this.byHost.set(sw.hostId, open);
      this.publish(check);
    } else if (event.name === 'latencySample') {
      const s = event.payload;
      for (const o of this.byHost.get(s.hostId) ?? []) {
        // A round taken at the very millisecond the switch ended is still "while it ran".
        if (o.closed || o.check.vm !== s.vm || s.t <= o.check.t) continue;
        for (const r of s.rttMs) {
          if (r === null) o.lost++;
          else o.rtts.push(r);
        }
        const seen = summarize({ rtts: o.rtts, lost: o.lost });
        o.check = {
          ...o.check,
          observedP50Ms: seen.p50,
          observedP99Ms: seen.p99,
          observedCount: seen.count,
          p50ErrorPct: changePct(seen.p50, o.check.predictedP50Ms),
        };
        this.publish(o.check);
      }
    }
  }
}
