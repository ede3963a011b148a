// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { host, sessionInfo } from '../testing/fixtures';
import { useHostsStore } from '../hosts/hosts-store';
import { DELETE_WHILE_RECORDING, useSessionsStore } from './sessions-store';
import { useViewModeStore } from '../views/view-mode-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const OLD = '20250101T120000Z-aaaaaa';
const NEW = '20250102T120000Z-bbbbbb';
const at = (day: number) => Date.UTC(2025, 0, day, 12);

describe('sessions store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('lists newest first and replaces the list on sessionsChanged', async () => {
    fake.respond('listSessions', () => [
      sessionInfo(OLD, { startedAt: at(1) }),
      sessionInfo(NEW, { startedAt: at(2) }),
    ]);
    const store = useSessionsStore();
    await store.load();
    expect(store.sessions.map((s) => s.id)).toEqual([NEW, OLD]);
    fake.emit('sessionsChanged', [
      sessionInfo(OLD, { startedAt: at(1), name: 'Renamed elsewhere' }),
    ]);
    expect(store.sessions.map((s) => s.name)).toEqual(['Renamed elsewhere']);
    expect(store.recording).toBeNull();
  });

  it('says why the list is missing when the core cannot list sessions', async () => {
    const store = useSessionsStore();
    await store.load();
    expect(store.loadError).toMatch(/cannot do that yet.*listSessions/);
  });

  it('starts (with an optional name) and stops recording through the API', async () => {
    const store = useSessionsStore();
    store.applyList([sessionInfo(OLD, { startedAt: at(1) })]);
    fake.respond('startRecording', ({ name }) =>
      sessionInfo(NEW, {
        name: name ?? 'Unnamed',
        startedAt: at(2),
        endedAt: null,
        recording: true,
      }),
    );
    fake.respond('stopRecording', () =>
      sessionInfo(NEW, { name: 'Before switch', startedAt: at(2), endedAt: at(2) + 60_000 }),
    );
    await store.startRecording('  Before switch  ');
    await store.startRecording('   ');
    expect(fake.callsOf('startRecording')).toEqual([{ name: 'Before switch' }, {}]);
    expect(store.recording?.id).toBe(NEW);
    expect(store.sessions.map((s) => s.id)).toEqual([NEW, OLD]);
    await store.stopRecording();
    expect(fake.callsOf('stopRecording')).toEqual([{}]);
    expect(store.recording).toBeNull();
    expect(store.sessions[0]?.endedAt).toBe(at(2) + 60_000);
  });

  it('renames with a trimmed name and refuses an empty one without calling the core', async () => {
    const store = useSessionsStore();
    store.applyList([sessionInfo(OLD)]);
    fake.respond('renameSession', ({ id, name }) => sessionInfo(id, { name }));
    await store.rename(OLD, ' Incident 42 ');
    expect(fake.callsOf('renameSession')).toEqual([{ id: OLD, name: 'Incident 42' }]);
    expect(store.sessions[0]?.name).toBe('Incident 42');
    await expect(store.rename(OLD, '  ')).rejects.toThrow('A session needs a name.');
    expect(fake.callsOf('renameSession')).toHaveLength(1);
  });

  it('deletes a closed session but never the one being recorded', async () => {
    const store = useSessionsStore();
    store.applyList([
      sessionInfo(NEW, { startedAt: at(2), recording: true, endedAt: null }),
      sessionInfo(OLD, { startedAt: at(1) }),
    ]);
    fake.respond('deleteSession', () => ({}));
    await expect(store.remove(NEW)).rejects.toThrow(DELETE_WHILE_RECORDING);
    await store.remove(OLD);
    expect(fake.callsOf('deleteSession')).toEqual([{ id: OLD }]);
    expect(store.sessions.map((s) => s.id)).toEqual([NEW]);
  });

  it('opens a session read-only: its hosts join the list, the first is shown; closing removes them', async () => {
    const store = useSessionsStore();
    const hosts = useHostsStore();
    hosts.replaceHosts([host('demo', { kind: 'demo' })]);
    store.applyList([sessionInfo(OLD, { name: 'Crash test', interrupted: true, endedAt: null })]);
    expect(store.interruptedOffer?.id).toBe(OLD);
    const recorded = [
      host('rec-a', { kind: 'recorded', target: null }),
      host('rec-b', { kind: 'recorded', target: null }),
    ];
    fake.respond('openSession', () => recorded);
    fake.respond('closeSession', () => ({}));
    await store.open(OLD);
    expect(fake.callsOf('openSession')).toEqual([{ id: OLD }]);
    expect(hosts.hosts.map((h) => h.id)).toEqual(['demo', 'rec-a', 'rec-b']);
    expect(hosts.selectedId).toBe('rec-a');
    expect(useViewModeStore().view).toBe('host');
    expect(store.sessionOfHost(recorded[1]!)).toBe(OLD);
    expect(store.recordedGroup(recorded[0]!)).toBe('Recorded: Crash test');
    // The core names the session itself (HostSummary.sessionId), even for a host this window did not open.
    const other = '20250109T120000Z-dddddd';
    expect(store.sessionOfHost(host('rec-z', { kind: 'recorded', sessionId: other }))).toBe(other);
    // Opened: no longer offered.
    expect(store.interruptedOffer).toBeNull();
    await store.close(OLD);
    expect(fake.callsOf('closeSession')).toEqual([{ id: OLD }]);
    expect(hosts.hosts.map((h) => h.id)).toEqual(['demo']);
  });

  it('offers the newest interrupted session until it is dismissed', () => {
    const store = useSessionsStore();
    store.applyList([
      sessionInfo(OLD, { startedAt: at(1), interrupted: true, endedAt: null }),
      sessionInfo(NEW, { startedAt: at(2), interrupted: true, endedAt: null }),
    ]);
    expect(store.interruptedOffer?.id).toBe(NEW);
    store.dismissInterrupted(NEW);
    expect(store.interruptedOffer?.id).toBe(OLD);
  });

  it('offers only sessions interrupted before this window saw the list, not one that looks so mid-close', () => {
    const store = useSessionsStore();
    store.applyList([sessionInfo(OLD, { startedAt: at(1), recording: true, endedAt: null })]);
    fake.emit('sessionsChanged', [
      sessionInfo(OLD, { startedAt: at(1), interrupted: true, endedAt: null }),
    ]);
    expect(store.sessions[0]?.interrupted).toBe(true);
    expect(store.interruptedOffer).toBeNull();
  });
});
