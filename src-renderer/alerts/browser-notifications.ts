import type { Alert } from '@common/alerts';

/**
 * Desktop notifications in web mode, through the browser's Notification API. Permission is asked
 * only when the operator clicks to turn them on (browsers ignore or penalise a request that no
 * click started); the desktop app notifies from its main process instead and never asks.
 */
export type NotificationState = 'unsupported' | 'default' | 'granted' | 'denied';

const api = (): typeof Notification | null =>
  typeof window !== 'undefined' && 'Notification' in window ? window.Notification : null;

export function notificationState(): NotificationState {
  return api()?.permission ?? 'unsupported';
}

/** Call from a click handler only. */
export async function askNotificationPermission(): Promise<NotificationState> {
  const n = api();
  if (!n) return 'unsupported';
  return await n.requestPermission();
}

/** Shows a raised alert, if the operator allowed it; the same alert id replaces its own notice. */
export function notifyRaised(alert: Alert): void {
  const n = api();
  if (!n || n.permission !== 'granted' || alert.state !== 'raised') return;
  new n('vSlicer Console alert', { body: alert.message, tag: alert.id });
}
