import { Notification } from 'electron';
import type { AppCore } from '../api/app';

/**
 * Desktop notifications of raised alerts, from the main process: the window need not be open or
 * focused, and the renderer is given no notification permission (every permission request of a
 * page stays refused). Clears are not notified: the alert list and the report show them.
 */
export function notifyRaisedAlerts(core: AppCore, focus: () => void): () => void {
  if (!Notification.isSupported()) return () => {};
  return core.subscribe((event) => {
    if (event.name !== 'alert' || event.payload.state !== 'raised') return;
    const n = new Notification({ title: 'vSlicer Console alert', body: event.payload.message });
    n.on('click', focus);
    n.show();
  });
}
