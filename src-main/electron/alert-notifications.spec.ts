import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleAlert } from '../common/alerts.testkit';
import type { ApiEvent } from '../common/api';
import type { AppCore } from '../api/app';

/** Electron's Notification as the main process sees it: each one built, shown and clicked by hand. */
const electron = vi.hoisted(() => {
  const made: { title: string; body: string; shown: boolean; click?: () => void }[] = [];
  let supported = true;
  class Notification {
    static isSupported = () => supported;
    private readonly entry: (typeof made)[number];
    constructor(options: { title: string; body: string }) {
      this.entry = { ...options, shown: false };
      made.push(this.entry);
    }
    on(event: string, fn: () => void) {
      if (event === 'click') this.entry.click = fn;
      return this;
    }
    show() {
      this.entry.shown = true;
    }
  }
  return { Notification, made, setSupported: (s: boolean) => (supported = s) };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

const { notifyRaisedAlerts } = await import('./alert-notifications');

const alert = (state: 'raised' | 'cleared') => sampleAlert('a', state);

function fakeCore() {
  const listeners = new Set<(e: ApiEvent) => void>();
  const core = {
    subscribe: (fn: (e: ApiEvent) => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  } as unknown as AppCore;
  const emit = (e: ApiEvent) => listeners.forEach((fn) => fn(e));
  return { core, emit, listeners };
}

describe('desktop notifications of alerts (Electron main process)', () => {
  beforeEach(() => {
    electron.made.length = 0;
    electron.setSupported(true);
  });

  it('shows one notification per raise with its message, and a click brings the window forward', () => {
    const { core, emit, listeners } = fakeCore();
    const focus = vi.fn();
    const stop = notifyRaisedAlerts(core, focus);
    emit({ name: 'alert', payload: alert('raised') } as ApiEvent);
    emit({ name: 'alert', payload: alert('cleared') } as ApiEvent);
    expect(electron.made).toEqual([
      expect.objectContaining({
        title: 'vSlicer Console alert',
        body: alert('raised').message,
        shown: true,
      }),
    ]);
    electron.made[0]!.click!();
    expect(focus).toHaveBeenCalledTimes(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('does nothing where the system has no notifications', () => {
    electron.setSupported(false);
    const { core, emit, listeners } = fakeCore();
    notifyRaisedAlerts(core, () => {});
    emit({ name: 'alert', payload: alert('raised') } as ApiEvent);
    expect(electron.made).toEqual([]);
    expect(listeners.size).toBe(0);
  });
});
