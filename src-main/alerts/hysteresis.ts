import type { Alert, AlertKind, AlertRuleSettings } from '../common/alerts';

/** What one rule says of one host or VM at one evaluation. */
export interface Observation {
  hostId: string;
  /** null for a host rule. */
  vm: string | null;
  kind: AlertKind;
  rule: AlertRuleSettings;
  /** The condition holds now (false too when there is no data: no series, no alert). */
  holds: boolean;
  /** The figure judged, in the kind's unit; null: no data. */
  value: number | null;
  bound: number | null;
  /** The figure in words, e.g. "p99 RTT 143 ms over 5 min (bound 100 ms)". */
  text: string;
}

interface RuleState {
  /** When the condition started to hold (pending), or null. */
  holdsSince: number | null;
  /** When the condition stopped holding while raised, or null. */
  goneSince: number | null;
  /** The raised alert, or null. */
  active: Alert | null;
  keepFiringForSec: number;
}

const keyOf = (o: Pick<Observation, 'hostId' | 'vm' | 'kind'>): string =>
  JSON.stringify([o.hostId, o.vm, o.kind]);

/**
 * Raises and clears alerts as Prometheus does with `for` and `keep_firing_for`: an alert is raised
 * once its condition has held for `forSec` without a break, and cleared once it has been gone for
 * `keepFiringForSec` without a break; a condition that returns inside that time keeps the alert
 * raised and raises nothing new, so a figure hovering at its bound neither flaps nor notifies twice.
 * A rule that is switched off clears at once. A host or VM that a round no longer mentions (gone,
 * or its figures have no data) counts as "condition gone".
 */
export class HysteresisEvaluator {
  private readonly states = new Map<string, RuleState>();
  private seq = 0;

  constructor(private readonly message: (o: Observation, state: 'raised' | 'cleared') => string) {}

  /** One evaluation at `now`: every raise and clear it makes, in the order of the observations. */
  round(now: number, observations: readonly Observation[]): Alert[] {
    const out: Alert[] = [];
    const seen = new Set<string>();
    for (const o of observations) {
      const key = keyOf(o);
      seen.add(key);
      let s = this.states.get(key);
      if (!s) {
        if (!o.holds || !o.rule.enabled) continue;
        s = { holdsSince: null, goneSince: null, active: null, keepFiringForSec: 0 };
        this.states.set(key, s);
      }
      s.keepFiringForSec = o.rule.keepFiringForSec;
      if (!o.rule.enabled) {
        if (s.active) out.push(this.clear(s, o, now));
        this.states.delete(key);
        continue;
      }
      if (o.holds) {
        s.goneSince = null;
        s.holdsSince ??= now;
        if (s.active) {
          s.active = { ...s.active, value: o.value, bound: o.bound };
        } else if (now - s.holdsSince >= o.rule.forSec * 1000) {
          out.push(this.raise(s, o, now));
        }
      } else {
        s.holdsSince = null;
        this.gone(key, s, o, now, out);
      }
    }
    for (const [key, s] of this.states) {
      if (seen.has(key)) continue;
      s.holdsSince = null;
      const a = s.active;
      const o: Observation | null = a && {
        hostId: a.hostId,
        vm: a.vm,
        kind: a.kind,
        rule: { enabled: true, threshold: null, forSec: 0, keepFiringForSec: s.keepFiringForSec },
        holds: false,
        value: null,
        bound: a.bound,
        text: 'no data',
      };
      if (o) this.gone(key, s, o, now, out);
      else this.states.delete(key);
    }
    return out;
  }

  /** Alerts raised now, oldest first. */
  active(): Alert[] {
    const out: Alert[] = [];
    for (const s of this.states.values()) if (s.active) out.push(s.active);
    return out.sort((a, b) => a.raisedAt - b.raisedAt);
  }

  private gone(key: string, s: RuleState, o: Observation, now: number, out: Alert[]): void {
    if (!s.active) {
      this.states.delete(key);
      return;
    }
    s.goneSince ??= now;
    if (now - s.goneSince >= s.keepFiringForSec * 1000) {
      out.push(this.clear(s, o, now));
      this.states.delete(key);
    }
  }

  private raise(s: RuleState, o: Observation, now: number): Alert {
    const alert: Alert = {
      id: `${now.toString(36)}-${(++this.seq).toString(36)}`,
      hostId: o.hostId,
      vm: o.vm,
      kind: o.kind,
      state: 'raised',
      raisedAt: now,
      clearedAt: null,
      value: o.value,
      bound: o.bound,
      message: this.message(o, 'raised'),
      detail: o.text,
    };
    s.active = alert;
    return alert;
  }

  private clear(s: RuleState, o: Observation, now: number): Alert {
    const alert: Alert = {
      ...s.active!,
      state: 'cleared',
      clearedAt: now,
      value: o.value,
      bound: o.bound,
      message: this.message(o, 'cleared'),
      detail: o.text,
    };
    s.active = null;
    return alert;
  }
}
