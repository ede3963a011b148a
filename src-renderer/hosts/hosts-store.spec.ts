// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { host, status } from '../testing/fixtures';
import { useHostsStore } from './hosts-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

async function loaded(
  list = [host('demo', { kind: 'demo', target: null }), host('xen1'), host('xen2')],
) {
  fake.respond('getAppInfo', () => ({
    version: '0.1.0',
    mode: 'web',
    defaultHostId: 'demo',
    dataProblem: null,
  }));
  fake.respond('listHosts', () => list);
  const store = useHostsStore();
  await store.load();
  return store;
}

describe('hosts store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('replaces the list on hostsChanged and keeps the selection while its host exists', async () => {
    const store = await loaded();
    store.select('xen2');
    fake.emit('hostsChanged', [
      host('demo', { kind: 'demo' }),
      host('xen2', { name: 'Xen two' }),
      host('xen3'),
    ]);
    expect(store.hosts.map((h) => h.id)).toEqual(['demo', 'xen2', 'xen3']);
    expect(store.selectedId).toBe('xen2');
    expect(store.selected?.name).toBe('Xen two');
  });

  it('selects the first host when the selected one is gone, and none when the list is empty', async () => {
    const store = await loaded();
    store.select('xen1');
    fake.emit('hostsChanged', [host('xen2'), host('demo', { kind: 'demo' })]);
    expect(store.selectedId).toBe('xen2');
    fake.emit('hostsChanged', []);
    expect(store.selectedId).toBeNull();
    expect(store.selected).toBeNull();
  });

  it('still applies hostStatus events to the host they name', async () => {
    const store = await loaded();
    fake.emit('hostStatus', status({ hostId: 'xen1', state: 'reconnecting', retryAt: 5000 }));
    expect(store.hosts.find((h) => h.id === 'xen1')?.status.state).toBe('reconnecting');
  });

  it('adds a host, selects it, and ends the same whichever comes first: the answer or hostsChanged', async () => {
    const store = await loaded();
    const added = host('xen9', { name: 'New one' });
    fake.respond('addHost', () => {
      fake.emit('hostsChanged', [...store.hosts, added]);
      return added;
    });
    const config = { name: 'New one', address: 'xen9.example.org', user: 'root' };
    await store.addHost(config);
    expect(fake.callsOf('addHost')).toEqual([config]);
    expect(store.hosts.filter((h) => h.id === 'xen9')).toHaveLength(1);
    expect(store.selectedId).toBe('xen9');
  });

  it('updates, removes, connects, disconnects and re-pins through the API', async () => {
    const store = await loaded();
    for (const m of ['removeHost', 'connectHost', 'disconnectHost', 'repinHostKey'] as const)
      fake.respond(m, () => ({}));
    fake.respond('updateHost', ({ id }) => host(id, { name: 'Renamed' }));
    store.select('xen1');
    await store.updateHost('xen1', { name: 'Renamed', address: 'xen1.example.org', user: 'root' });
    expect(store.selected?.name).toBe('Renamed');
    await store.connect('xen2');
    await store.disconnect('xen2');
    await store.repinHostKey('xen2');
    await store.removeHost('xen1');
    expect(fake.calls.map((c) => c.method).slice(2)).toEqual([
      'updateHost',
      'connectHost',
      'disconnectHost',
      'repinHostKey',
      'removeHost',
    ]);
    expect(store.hosts.map((h) => h.id)).toEqual(['demo', 'xen2']);
    expect(store.selectedId).toBe('demo');
  });

  it('rejects with the core’s message when an action fails', async () => {
    const store = await loaded();
    await expect(store.connect('xen1')).rejects.toThrow(/No such API method: connectHost/);
  });
});
