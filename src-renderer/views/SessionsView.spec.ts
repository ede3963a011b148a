// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { useHostsStore } from '../hosts/hosts-store';
import { useSessionsStore } from '../sessions/sessions-store';
import type { FakeApi } from '../testing/fake-api';
import { host, sessionInfo } from '../testing/fixtures';
import SessionsView from './SessionsView.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const LIVE = '20250103T120000Z-cccccc';
const CRASHED = '20250102T120000Z-bbbbbb';
const OLD = '20250101T120000Z-aaaaaa';
const list = () => [
  sessionInfo(OLD, {
    name: 'Baseline',
    startedAt: Date.UTC(2025, 0, 1),
    endedAt: Date.UTC(2025, 0, 1) + 65_000,
    records: 4321,
    bytes: 2 * 1024 * 1024,
  }),
  sessionInfo(CRASHED, {
    name: 'Night run',
    startedAt: Date.UTC(2025, 0, 2),
    endedAt: null,
    interrupted: true,
  }),
  sessionInfo(LIVE, {
    name: 'Now',
    startedAt: Date.UTC(2025, 0, 3),
    endedAt: null,
    recording: true,
  }),
];

function view() {
  useSessionsStore().applyList(list());
  return mount(SessionsView, { attachTo: document.body });
}
const row = (w: ReturnType<typeof view>, id: string) => w.get(`tr[data-session-id="${id}"]`);
const button = (w: { findAll: ReturnType<typeof view>['findAll'] }, label: string) => {
  const b = w
    .findAll('button')
    .find((x) => x.attributes('aria-label') === label || x.text() === label);
  if (!b) throw new Error(`no button ${label}`);
  return b;
};

describe('SessionsView', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    document.body.innerHTML = '';
  });

  it('lists sessions newest first with duration, records, size and badges, and the recording indicator', () => {
    const w = view();
    expect(w.findAll('tbody tr').map((r) => r.attributes('data-session-id'))).toEqual([
      LIVE,
      CRASHED,
      OLD,
    ]);
    expect(row(w, OLD).get('.duration').text()).toBe('1 min 05 s');
    expect(row(w, OLD).get('.records').text()).toBe((4321).toLocaleString());
    expect(row(w, OLD).get('.size').text()).toBe('2.0 MiB');
    expect(row(w, LIVE).get('.duration').text()).toMatch(/^recording · /);
    expect(row(w, LIVE).get('.badges').text()).toContain('Recording');
    expect(row(w, CRASHED).get('.badges').text()).toContain('Interrupted');
    expect(w.get('[aria-label="Recording indicator"]').text()).toMatch(/^Recording Now/);
    w.unmount();
  });

  it('says a recording is paused (why, what waits, what was lost) and what damage a read found', () => {
    useSessionsStore().applyList([
      sessionInfo(LIVE, {
        name: 'Now',
        recording: true,
        endedAt: null,
        paused: {
          since: 1,
          reason: 'disk full (ENOSPC: no space left on device, write)',
          waitingRecords: 1234,
          droppedRecords: 56,
        },
      }),
      sessionInfo(OLD, {
        damage: {
          badLines: 6,
          samples: [{ segment: 1, line: 7, reason: 'not JSON' }],
          tornBytes: 8,
          notes: [],
        },
      }),
    ]);
    const w = mount(SessionsView, { attachTo: document.body });
    const live = row(w, LIVE);
    expect(live.get('.badges').text()).toBe('Recording paused');
    expect(live.get('.paused').attributes('role')).toBe('alert');
    expect(live.get('.paused').text()).toBe(
      `Recording paused: disk full (ENOSPC: no space left on device, write). ${(1234).toLocaleString()} records wait in memory; 56 could not be kept (the journal marks the gap); writing resumes by itself.`,
    );
    expect(row(w, OLD).get('.damage').text()).toBe(
      'Journal damage: 6 damaged lines skipped (first: segment 1, line 7: not JSON); 8 bytes of a torn last write dropped.',
    );
    expect(live.find('.damage').exists()).toBe(false);
    w.unmount();
  });

  it('offers the interrupted session at the top and opens it read-only', async () => {
    fake.respond('openSession', () => [host('rec-demo', { kind: 'recorded', target: null })]);
    const w = view();
    const offer = w.get('section[aria-label="Interrupted session"]');
    expect(offer.text()).toContain('The app stopped unexpectedly during Night run');
    expect(offer.text()).toContain('open what was recorded');
    await button(offer, 'Open what was recorded').trigger('click');
    await flushPromises();
    expect(fake.callsOf('openSession')).toEqual([{ id: CRASHED }]);
    expect(useHostsStore().selectedId).toBe('rec-demo');
    expect(w.find('section[aria-label="Interrupted session"]').exists()).toBe(false);
    w.unmount();
  });

  it('renames inline: Enter saves through the API, Esc keeps the old name', async () => {
    fake.respond('renameSession', ({ id, name }) => ({
      ...list().find((s) => s.id === id)!,
      name,
    }));
    const w = view();
    await button(row(w, OLD), 'Rename Baseline').trigger('click');
    const input = row(w, OLD).get('input');
    await input.setValue('Before the switch');
    await row(w, OLD).get('form').trigger('submit');
    await flushPromises();
    expect(fake.callsOf('renameSession')).toEqual([{ id: OLD, name: 'Before the switch' }]);
    expect(row(w, OLD).get('.title').text()).toBe('Before the switch');
    await button(row(w, OLD), 'Rename Before the switch').trigger('click');
    await row(w, OLD).get('input').setValue('Oops');
    await row(w, OLD).get('input').trigger('keydown', { key: 'Escape' });
    expect(row(w, OLD).get('.title').text()).toBe('Before the switch');
    expect(fake.callsOf('renameSession')).toHaveLength(1);
    w.unmount();
  });

  it('deletes after a confirmation that names the session, and not while recording (saying why)', async () => {
    fake.respond('deleteSession', () => ({}));
    const w = view();
    const liveDelete = button(row(w, LIVE), 'Delete Now');
    expect(liveDelete.attributes('disabled')).toBeDefined();
    expect(row(w, LIVE).get('.why').text()).toBe('Stop the recording to delete it.');
    await button(row(w, OLD), 'Delete Baseline').trigger('click');
    const confirm = w.get('dialog');
    expect(confirm.get('h2').text()).toBe('Delete Baseline?');
    expect(confirm.text()).toContain('Baseline');
    expect(fake.callsOf('deleteSession')).toEqual([]);
    await button(confirm, 'Delete session').trigger('click');
    await flushPromises();
    expect(fake.callsOf('deleteSession')).toEqual([{ id: OLD }]);
    expect(w.find(`tr[data-session-id="${OLD}"]`).exists()).toBe(false);
    w.unmount();
  });

  it('starts a recording with the name asked for, and stops it', async () => {
    fake.respond('stopRecording', () => ({
      ...list()[2]!,
      recording: false,
      endedAt: Date.UTC(2025, 0, 3) + 5000,
    }));
    fake.respond('startRecording', ({ name }) =>
      sessionInfo('20250104T120000Z-dddddd', {
        name: name ?? 'x',
        startedAt: Date.UTC(2025, 0, 4),
        endedAt: null,
        recording: true,
      }),
    );
    const w = view();
    await button(w, 'Stop recording').trigger('click');
    await flushPromises();
    expect(w.get('[aria-label="Recording indicator"]').text()).toBe('Not recording');
    await button(w, 'Start recording').trigger('click');
    const dialog = w.get('dialog');
    await dialog.get('input').setValue('After the switch');
    await dialog.get('form').trigger('submit');
    await flushPromises();
    expect(fake.callsOf('startRecording')).toEqual([{ name: 'After the switch' }]);
    expect(w.get('[aria-label="Recording indicator"]').text()).toMatch(
      /^Recording After the switch/,
    );
    w.unmount();
  });
});
