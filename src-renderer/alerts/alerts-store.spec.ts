// @vitest-environment happy-dom
import { defaultAlertSettings } from '@common/alerts';
import { sampleAlert } from '@common/alerts.testkit';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import AlertList from './AlertList.vue';
import { useAlertsStore } from './alerts-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const alert = sampleAlert;

/** The browser's Notification API as a test sees it: permission set by hand, notices recorded. */
function fakeNotifications(permission: NotificationPermission) {
  const shown: { title: string; body?: string }[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'));
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, body: options?.body });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, api: FakeNotification };
}

describe('alerts store and list', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    fake.respond('getAppInfo', () => ({
      version: 't',
      mode: 'web',
      defaultHostId: 'demo',
      dataProblem: null,
    }));
    fake.respond('getAlertSettings', () => defaultAlertSettings());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('merges the core’s list with events, a clear taking an alert off the raised list', async () => {
    fake.respond('listAlerts', () => ({
      active: [alert('a', 'raised')],
      history: [alert('a', 'raised')],
    }));
    fakeNotifications('default');
    const store = useAlertsStore();
    await store.load();
    expect(store.active.map((a) => a.id)).toEqual(['a']);
    fake.emit('alert', alert('b', 'raised', { vm: null, kind: 'hostDown' }));
    fake.emit('alert', alert('a', 'cleared'));
    fake.emit('alert', alert('a', 'cleared')); // the same event twice is one entry
    expect(store.active.map((a) => a.id)).toEqual(['b']);
    expect(store.history.map((a) => `${a.id}/${a.state}`)).toEqual([
      'a/cleared',
      'b/raised',
      'a/raised',
    ]);
    expect(store.countByHost.get('demo')).toBe(1);
  });

  it('asks for notification permission only when told to, then notifies each raise', async () => {
    fake.respond('listAlerts', () => ({ active: [], history: [] }));
    const n = fakeNotifications('default');
    const store = useAlertsStore();
    await store.load();
    fake.emit('alert', alert('a', 'raised'));
    expect(n.api.requestPermission).not.toHaveBeenCalled();
    expect(n.shown).toEqual([]);
    await store.enableNotifications();
    expect(store.notifications).toBe('granted');
    fake.emit('alert', alert('b', 'raised'));
    fake.emit('alert', alert('b', 'cleared'));
    expect(n.shown).toEqual([
      { title: 'vSlicer Console alert', body: alert('b', 'raised').message },
    ]);
  });

  it('leaves notifications to the desktop app’s main process in Electron', async () => {
    fake.respond('getAppInfo', () => ({
      version: 't',
      mode: 'electron',
      defaultHostId: 'demo',
      dataProblem: null,
    }));
    fake.respond('listAlerts', () => ({ active: [], history: [] }));
    const n = fakeNotifications('granted');
    const store = useAlertsStore();
    await store.load();
    fake.emit('alert', alert('a', 'raised'));
    expect(store.notifications).toBe('electron');
    expect(n.shown).toEqual([]);
  });

  it('lists one host’s alerts with their words, a hostile VM name as text', async () => {
    fake.respond('listAlerts', () => ({ active: [], history: [] }));
    fakeNotifications('denied');
    const store = useAlertsStore();
    await store.load();
    const hostile = '<img src=x onerror=alert(1)>';
    fake.emit('alert', alert('a', 'raised', { vm: hostile }));
    fake.emit('alert', alert('z', 'raised', { hostId: 'other' }));
    const w = mount(AlertList, { props: { hostId: 'demo', hostName: 'Demo host' } });
    const active = w.get('[data-testid="alerts-active"]');
    expect(active.findAll('li')).toHaveLength(1);
    expect(active.text()).toContain(hostile);
    expect(active.find('img').exists()).toBe(false);
    expect(active.text()).toContain('p99 RTT above a bound');
    expect(w.get('[aria-live="polite"]').text()).toBe(alert('a', 'raised').message);
    fake.emit('alert', alert('a', 'cleared', { vm: hostile }));
    await w.vm.$nextTick();
    expect(w.text()).toContain('No alert is raised on Demo host.');
    expect(w.get('[data-testid="alerts-history"]').findAll('li')).toHaveLength(2);
  });

  it('shows a recorded host’s alerts from its session, read once, with nothing raised now', async () => {
    const kept = Array.from({ length: 40 }, (_, i) =>
      alert(`r${i}`, i % 2 ? 'cleared' : 'raised', { hostId: 'rec-1' }),
    );
    fake.respond('listAlerts', (p: { hostId?: string }) =>
      p.hostId === 'rec-1'
        ? { active: [], history: kept }
        : { active: [alert('live', 'raised', { hostId: 'rec-1' })], history: [] },
    );
    fakeNotifications('granted');
    const store = useAlertsStore();
    await store.loadRecorded('rec-1');
    await store.loadRecorded('rec-1');
    expect(fake.callsOf('listAlerts')).toHaveLength(1);
    const w = mount(AlertList, { props: { hostId: 'rec-1', hostName: 'Demo', recorded: true } });
    expect(w.find('[data-testid="alerts-active"]').exists()).toBe(false);
    expect(w.text()).not.toContain('Raised now');
    expect(w.text()).toContain('Raises and clears recorded in this session');
    expect(w.get('[data-testid="alerts-history"]').findAll('li')).toHaveLength(30);
    expect(w.text()).toContain('The newest 30 of 40');
  });
});
