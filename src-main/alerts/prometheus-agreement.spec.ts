import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, DEFAULT_ALERT_RULES, type AlertKind } from '../common/alerts';

/** The Prometheus alert each in-app rule mirrors. */
const PROMETHEUS_NAME: Record<AlertKind, string> = {
  hostDown: 'VslicerHostDown',
  streamStalled: 'VslicerStreamStalled',
  rttP99High: 'VslicerRttP99High',
  lsvmRttAboveWorstCase: 'VslicerLsvmRttAboveWorstCase',
  pingLoss: 'VslicerPingLoss',
  unfair: 'VslicerUnfair',
  shareBelowEntitlement: 'VslicerShareBelowEntitlement',
};

interface PromAlert {
  expr: string;
  forSec: number;
  keepSec: number;
}

/**
 * Alerts of the fleet's rule file that the window shows another way: a refused host key stops
 * the host with its own state and the key prompt (or the agent's log), so an in-app alert would
 * only repeat it.
 */
const PROMETHEUS_ONLY = new Set(['VslicerHostKeyRefused']);

/** A Prometheus duration; an absent `for` or `keep_firing_for` is Prometheus's default, 0. */
const seconds = (d: string): number => {
  if (d === '') return 0;
  const m = /^(\d+)(s|m|h)$/.exec(d);
  if (!m) throw new Error(`duration ${d}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
};

/** The alerts of the rule file: expression, `for` and `keep_firing_for` of each. */
function promAlerts(): Map<string, PromAlert> {
  const text = readFileSync(resolve('resources/prometheus/vslicer-alerts.yml'), 'utf8');
  const out = new Map<string, PromAlert>();
  for (const block of text.split(/\n\s+- alert: /).slice(1)) {
    const name = block.split('\n')[0]!.trim();
    const field = (k: string) => new RegExp(`\\n\\s+${k}: (.+)`).exec(block)?.[1]?.trim() ?? '';
    out.set(name, {
      expr: field('expr'),
      forSec: seconds(field('for')),
      keepSec: seconds(field('keep_firing_for')),
    });
  }
  return out;
}

describe('in-app alert defaults agree with resources/prometheus/vslicer-alerts.yml', () => {
  const prom = promAlerts();

  it('every Prometheus alert has an in-app rule and the other way round', () => {
    const shared = [...prom.keys()].filter((name) => !PROMETHEUS_ONLY.has(name));
    expect(shared.sort()).toEqual(Object.values(PROMETHEUS_NAME).sort());
    for (const name of PROMETHEUS_ONLY) expect(prom.has(name), name).toBe(true);
  });

  it.each(Object.keys(PROMETHEUS_NAME) as AlertKind[])(
    '%s: same for, keep_firing_for and bound',
    (kind) => {
      const p = prom.get(PROMETHEUS_NAME[kind])!;
      const d = DEFAULT_ALERT_RULES[kind];
      expect(d.forSec).toBe(p.forSec);
      expect(d.keepFiringForSec).toBe(p.keepSec);
      const info = ALERT_KINDS[kind];
      const bound = /([<>]) ([\d.]+)$/.exec(p.expr);
      if (info.unit === null) {
        expect(d.threshold).toBeNull();
        return;
      }
      expect(bound, p.expr).not.toBeNull();
      expect(bound![1]).toBe(info.direction === 'above' ? '>' : '<');
      // the YAML speaks seconds; the console's RTT bounds are in ms as the dashboard shows them
      const scale = info.unit === 'ms' ? 1000 : 1;
      expect(d.threshold).toBeCloseTo(Number(bound![2]) * scale, 9);
    },
  );
});
