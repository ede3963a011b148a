import { z } from 'zod';
import { HostIdSchema } from './model';

/**
 * Alerts in the console: the rules, their settings and what a raise or a clear looks like. The
 * rules are those of resources/prometheus/vslicer-alerts.yml, with the same quantities, bounds
 * and hysteresis (`for` before a raise, `keep_firing_for` before a clear), so an operator with
 * Prometheus and one without see the same alerts. The core evaluates them (src-main/alerts/); the
 * window lists them and edits the settings.
 */

export const AlertKindSchema = z.enum([
  'hostDown',
  'streamStalled',
  'rttP99High',
  'lsvmRttAboveWorstCase',
  'pingLoss',
  'unfair',
  'shareBelowEntitlement',
]);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/** Host rules judge the host; VM rules judge each VM of it. */
export const HOST_ALERT_KINDS: readonly AlertKind[] = ['hostDown', 'streamStalled', 'unfair'];
export const isVmAlertKind = (kind: AlertKind): boolean => !HOST_ALERT_KINDS.includes(kind);

/** What a rule's threshold means, for the editor and the messages. */
export interface AlertKindInfo {
  label: string;
  /** Unit of the threshold; null where the rule has none (its bound comes from elsewhere). */
  unit: 'ms' | 's' | 'ratio' | null;
  /** 'above': raised when the figure exceeds the threshold; 'below': when it falls under it. */
  direction: 'above' | 'below';
}

export const ALERT_KINDS: Readonly<Record<AlertKind, AlertKindInfo>> = {
  hostDown: { label: 'Host down', unit: null, direction: 'above' },
  streamStalled: { label: 'xentop stream stalled', unit: 's', direction: 'above' },
  rttP99High: { label: 'p99 RTT above a bound', unit: 'ms', direction: 'above' },
  lsvmRttAboveWorstCase: {
    label: "LSVM p99 RTT above the planner's worst case",
    unit: null,
    direction: 'above',
  },
  pingLoss: { label: 'Ping loss', unit: 'ratio', direction: 'above' },
  unfair: { label: "Fairness (Jain's index) below a bound", unit: 'ratio', direction: 'below' },
  shareBelowEntitlement: {
    label: 'CPU share below its fair share',
    unit: 'ratio',
    direction: 'below',
  },
};

const seconds = z.number().int().min(0).max(86_400);

export const AlertRuleSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** In the kind's unit (ALERT_KINDS); null for the rules whose bound is not a setting. */
    threshold: z.number().nonnegative().max(1e6).nullable(),
    /** Seconds the condition must hold before the alert is raised (Prometheus `for`). */
    forSec: seconds,
    /** Seconds the condition must be gone before the alert clears (`keep_firing_for`). */
    keepFiringForSec: seconds,
  })
  .strict();
export type AlertRuleSettings = z.infer<typeof AlertRuleSettingsSchema>;

/**
 * The defaults: vslicer-alerts.yml's bounds and durations, in the console's units (RTT in ms as
 * the dashboard shows it). alerts/prometheus-agreement.spec.ts holds them to the YAML.
 */
export const DEFAULT_ALERT_RULES: Readonly<Record<AlertKind, AlertRuleSettings>> = {
  hostDown: { enabled: true, threshold: null, forSec: 60, keepFiringForSec: 60 },
  streamStalled: { enabled: true, threshold: 30, forSec: 30, keepFiringForSec: 60 },
  rttP99High: { enabled: true, threshold: 100, forSec: 300, keepFiringForSec: 300 },
  lsvmRttAboveWorstCase: { enabled: true, threshold: null, forSec: 300, keepFiringForSec: 300 },
  pingLoss: { enabled: true, threshold: 0.05, forSec: 300, keepFiringForSec: 300 },
  unfair: { enabled: true, threshold: 0.9, forSec: 300, keepFiringForSec: 300 },
  shareBelowEntitlement: { enabled: true, threshold: 0.8, forSec: 300, keepFiringForSec: 300 },
};

/** The window every figure is taken over, as the recording rules' `[5m]`. */
export const ALERT_WINDOW_MS = 5 * 60_000;

/**
 * An operator's change to one rule for one host (vm null) or one VM of it: only the fields given
 * replace the defaults. A list, not a map keyed by names: VM names are whatever xl prints.
 */
export const AlertOverrideSchema = z
  .object({
    hostId: HostIdSchema,
    vm: z.string().min(1).max(255).nullable(),
    kind: AlertKindSchema,
    enabled: z.boolean().optional(),
    threshold: z.number().nonnegative().max(1e6).optional(),
    forSec: seconds.optional(),
    keepFiringForSec: seconds.optional(),
  })
  .strict()
  .refine((o) => o.vm === null || isVmAlertKind(o.kind), {
    message: 'this rule judges a whole host: set it for the host, not for one VM',
    path: ['vm'],
  })
  .refine((o) => o.threshold === undefined || ALERT_KINDS[o.kind].unit !== null, {
    message: 'this rule has no threshold of its own',
    path: ['threshold'],
  })
  .refine(
    (o) => o.threshold === undefined || ALERT_KINDS[o.kind].unit !== 'ratio' || o.threshold <= 1,
    {
      message: 'a ratio is between 0 and 1',
      path: ['threshold'],
    },
  );
export type AlertOverride = z.infer<typeof AlertOverrideSchema>;

export const AlertSettingsSchema = z.object({
  defaults: z.record(AlertKindSchema, AlertRuleSettingsSchema),
  overrides: z.array(AlertOverrideSchema).max(10_000),
});
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;

/** One raise or clear. The alert's id stays the same from its raise to its clear. */
export const AlertSchema = z.object({
  id: z.string().max(64),
  hostId: HostIdSchema,
  /** The VM it is about; null for a host rule. */
  vm: z.string().nullable(),
  kind: AlertKindSchema,
  state: z.enum(['raised', 'cleared']),
  /** Wall-clock ms of the raise. */
  raisedAt: z.number(),
  /** Wall-clock ms of the clear; null while raised. */
  clearedAt: z.number().nullable(),
  /** The figure judged, in the kind's unit (RTTs in ms), at the transition; null: no data. */
  value: z.number().nullable(),
  /** The bound it was judged against (for an LSVM, the planner's worst case in ms). */
  bound: z.number().nullable(),
  /** One line for an operator: who, which rule, the figure (notifications, journal, report). */
  message: z.string(),
  /** The figure in words alone, e.g. "p99 RTT 143 ms over 5 min (bound 100 ms)". */
  detail: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListSchema = z.object({
  /** Raised now, oldest first. */
  active: z.array(AlertSchema),
  /** Recent raises and clears, newest first (bounded). */
  history: z.array(AlertSchema),
});
export type AlertList = z.infer<typeof AlertListSchema>;

const overrideKey = (hostId: string, vm: string | null, kind: AlertKind): string =>
  JSON.stringify([hostId, vm, kind]);

/**
 * The settings in force for each rule, host and VM: the defaults, then the host's override, then
 * the VM's. Overrides are indexed once, so a round over thousands of VMs looks each up in O(1).
 */
export class AlertRuleBook {
  private readonly index = new Map<string, AlertOverride>();
  /** Hosts with any override: the others take the defaults without a lookup. */
  private readonly hosts = new Set<string>();

  constructor(readonly settings: AlertSettings) {
    for (const o of settings.overrides) {
      this.index.set(overrideKey(o.hostId, o.vm, o.kind), o);
      this.hosts.add(o.hostId);
    }
  }

  /** The settings in force; the object may be shared, never change it. */
  rule(hostId: string, vm: string | null, kind: AlertKind): Readonly<AlertRuleSettings> {
    let out: Readonly<AlertRuleSettings> =
      this.settings.defaults[kind] ?? DEFAULT_ALERT_RULES[kind];
    if (!this.hosts.has(hostId)) return out;
    for (const scope of vm === null ? [null] : [null, vm]) {
      const o = this.index.get(overrideKey(hostId, scope, kind));
      if (!o) continue;
      out = {
        enabled: o.enabled ?? out.enabled,
        threshold: out.threshold === null ? null : (o.threshold ?? out.threshold),
        forSec: o.forSec ?? out.forSec,
        keepFiringForSec: o.keepFiringForSec ?? out.keepFiringForSec,
      };
    }
    return out;
  }
}

/** The settings with `override` put in place of the one for the same host, VM and rule (null: removed). */
export function withOverride(
  settings: AlertSettings,
  target: Pick<AlertOverride, 'hostId' | 'vm' | 'kind'>,
  override: AlertOverride | null,
): AlertSettings {
  const key = overrideKey(target.hostId, target.vm, target.kind);
  const overrides = settings.overrides.filter((o) => overrideKey(o.hostId, o.vm, o.kind) !== key);
  if (override) overrides.push(override);
  return { ...settings, overrides };
}

export const defaultAlertSettings = (): AlertSettings => ({
  defaults: structuredClone({ ...DEFAULT_ALERT_RULES }),
  overrides: [],
});
