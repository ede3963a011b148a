import type { Alert, AlertKind, AlertOverride, AlertSettings } from '@common/alerts';
import type { HostId } from '@common/model';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';
import {
  askNotificationPermission,
  notificationState,
  notifyRaised,
  type NotificationState,
} from './browser-notifications';

/** Raises and clears kept for the list, newest first. */
const HISTORY = 200;

/**
 * The alerts the core raised, for every host: those raised now and the recent raises and clears
 * (from listAlerts, then the `alert` events), the rules' settings, and in web mode the browser's
 * notifications of each raise.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const active = shallowRef<readonly Alert[]>([]);
  const history = shallowRef<readonly Alert[]>([]);
  const settings = shallowRef<AlertSettings | null>(null);
  const error = shallowRef<string | null>(null);
  /** 'electron' when the desktop app notifies from its main process. */
  const notifications = shallowRef<NotificationState | 'electron'>('unsupported');
  /** Reopened sessions' hosts: the raises and clears their journals kept, newest first. */
  const recorded = shallowRef<ReadonlyMap<HostId, readonly Alert[]>>(new Map());

  const activeOf = (hostId: HostId) =>
    computed(() => active.value.filter((a) => a.hostId === hostId));
  const historyOf = (hostId: HostId) =>
    computed(() => history.value.filter((a) => a.hostId === hostId));
  /** Raised alerts per host, for badges. */
  const countByHost = computed(() => {
    const out = new Map<HostId, number>();
    for (const a of active.value) out.set(a.hostId, (out.get(a.hostId) ?? 0) + 1);
    return out;
  });

  function apply(a: Alert): void {
    if (history.value.some((h) => h.id === a.id && h.state === a.state)) return;
    history.value = [a, ...history.value].slice(0, HISTORY);
    active.value =
      a.state === 'raised'
        ? [...active.value.filter((x) => x.id !== a.id), a]
        : active.value.filter((x) => x.id !== a.id);
    if (notifications.value === 'granted') notifyRaised(a);
  }

  async function load(): Promise<void> {
    try {
      const [info, list, rules] = await Promise.all([
        api.getAppInfo({}),
        api.listAlerts({}),
        api.getAlertSettings({}),
      ]);
      notifications.value = info.mode === 'electron' ? 'electron' : notificationState();
      // Events that came while the list was in flight are newer: keep them on top.
      const seen = new Set(history.value.map((a) => `${a.id}/${a.state}`));
      history.value = [
        ...history.value,
        ...list.history.filter((a) => !seen.has(`${a.id}/${a.state}`)),
      ].slice(0, HISTORY);
      const cleared = new Set(history.value.filter((a) => a.state === 'cleared').map((a) => a.id));
      const raised = new Map([...list.active, ...active.value].map((a) => [a.id, a]));
      active.value = [...raised.values()].filter((a) => !cleared.has(a.id));
      settings.value = rules;
      error.value = null;
    } catch (e) {
      error.value = errorText(e);
    }
  }

  /** Sets one rule's override for a host (vm null) or a VM; null puts the defaults back. */
  async function setOverride(
    target: { hostId: HostId; vm: string | null; kind: AlertKind },
    override: AlertOverride | null,
  ): Promise<void> {
    settings.value = await api.setAlertOverride({ ...target, override });
  }

  /** A recorded host's alerts, read once: its session will not change. */
  async function loadRecorded(hostId: HostId): Promise<void> {
    if (recorded.value.has(hostId)) return;
    try {
      const list = await api.listAlerts({ hostId });
      recorded.value = new Map(recorded.value).set(hostId, list.history);
      error.value = null;
    } catch (e) {
      error.value = errorText(e);
    }
  }

  /** From the operator's click only. */
  async function enableNotifications(): Promise<void> {
    notifications.value = await askNotificationPermission();
  }

  api.on('alert', apply);

  return {
    active,
    history,
    recorded,
    settings,
    error,
    notifications,
    activeOf,
    historyOf,
    countByHost,
    apply,
    load,
    loadRecorded,
    setOverride,
    enableNotifications,
  };
});
