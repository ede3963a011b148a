import type { HostId, HostSummary } from '@common/model';
import type { SessionId, SessionInfo } from '@common/session';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';
import { upsertById } from '../shared/upsert-by-id';
import { useHostsStore } from '../hosts/hosts-store';
import { useViewModeStore } from '../views/view-mode-store';

/** Why a recording session cannot be deleted, as the operator reads it. */
export const DELETE_WHILE_RECORDING = 'It is being recorded: stop the recording first.';
/** Why nothing can be switched on a recorded host (a reopened session). */
export const RECORDED_READ_ONLY = 'a recorded session is read-only';

const newestFirst = (list: readonly SessionInfo[]): SessionInfo[] =>
  [...list].sort((a, b) => b.startedAt - a.startedAt);

/**
 * Recorded sessions: the list on disk as the core publishes it
 * (`sessionsChanged`), recording on and off, rename, delete, and reopening a past session whose
 * hosts then appear read-only in the host list.
 */
export const useSessionsStore = defineStore('sessions', () => {
  const sessions = ref<SessionInfo[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  /** Sessions reopened in this window, with the recorded hosts openSession answered. */
  const opened = shallowRef<ReadonlyMap<SessionId, readonly HostId[]>>(new Map());
  /**
   * Sessions already interrupted when this window first saw the list: only those are offered. A
   * session cannot crash under the process that is still running it, so one that looks
   * interrupted later (a list published mid-close) is not offered.
   */
  const crashed = shallowRef<ReadonlySet<SessionId> | null>(null);
  /** Interrupted sessions the operator said "not now" to, in this window. */
  const dismissed = shallowRef<ReadonlySet<SessionId>>(new Set());

  const recording = computed(() => sessions.value.find((s) => s.recording) ?? null);
  /** The newest interrupted session still to offer: the start after a crash offers it. */
  const interruptedOffer = computed(
    () =>
      sessions.value.find(
        (s) =>
          s.interrupted &&
          crashed.value?.has(s.id) &&
          !opened.value.has(s.id) &&
          !dismissed.value.has(s.id),
      ) ?? null,
  );

  function applyList(list: readonly SessionInfo[]): void {
    sessions.value = newestFirst(list);
    crashed.value ??= new Set(list.filter((s) => s.interrupted).map((s) => s.id));
    loaded.value = true;
  }

  function upsert(info: SessionInfo): void {
    // Starting a recording closes the current one: no two rows say "recording".
    const others = info.recording
      ? sessions.value.map((s) => (s.recording ? { ...s, recording: false } : s))
      : sessions.value;
    sessions.value = newestFirst(upsertById(others, info));
  }

  async function load(): Promise<void> {
    try {
      applyList(await api.listSessions({}));
      loadError.value = null;
    } catch (e) {
      loadError.value = errorText(e);
    }
  }

  async function startRecording(name?: string): Promise<SessionInfo> {
    const trimmed = name?.trim();
    const info = await api.startRecording(trimmed ? { name: trimmed } : {});
    upsert(info);
    return info;
  }

  async function stopRecording(): Promise<void> {
    const info = await api.stopRecording({});
    if (info) upsert(info);
  }

  async function rename(id: SessionId, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A session needs a name.');
    upsert(await api.renameSession({ id, name: trimmed }));
  }

  async function remove(id: SessionId): Promise<void> {
    if (sessions.value.find((s) => s.id === id)?.recording) throw new Error(DELETE_WHILE_RECORDING);
    if (opened.value.has(id)) await close(id);
    await api.deleteSession({ id });
    sessions.value = sessions.value.filter((s) => s.id !== id);
  }

  /**
   * The session's recorded hosts join the host list (they come through `hostsChanged` too; either
   * order ends the same) and the first one is shown.
   */
  async function open(id: SessionId): Promise<readonly HostSummary[]> {
    const recorded = await api.openSession({ id });
    opened.value = new Map(opened.value).set(
      id,
      recorded.map((h) => h.id),
    );
    const hosts = useHostsStore();
    const ids = new Set(recorded.map((h) => h.id));
    hosts.replaceHosts([...hosts.hosts.filter((h) => !ids.has(h.id)), ...recorded]);
    const first = recorded[0];
    if (first) useViewModeStore().showHost(first.id);
    return recorded;
  }

  async function close(id: SessionId): Promise<void> {
    await api.closeSession({ id });
    const ids = new Set(opened.value.get(id) ?? []);
    const next = new Map(opened.value);
    next.delete(id);
    opened.value = next;
    const hosts = useHostsStore();
    const leaving = hosts.hosts.filter(
      (h) => ids.has(h.id) || (h.kind === 'recorded' && sessionOfHost(h) === id),
    );
    if (leaving.length) hosts.replaceHosts(hosts.hosts.filter((h) => !leaving.includes(h)));
  }

  function dismissInterrupted(id: SessionId): void {
    dismissed.value = new Set(dismissed.value).add(id);
  }

  /**
   * Which session a recorded host belongs to: the one the core says (HostSummary.sessionId); from
   * an older core, the openSession answer of this window, else a session whose id the host id contains.
   */
  function sessionOfHost(host: HostSummary): SessionId | null {
    if (host.kind !== 'recorded') return null;
    if (host.sessionId) return host.sessionId;
    for (const [id, hostIds] of opened.value) if (hostIds.includes(host.id)) return id;
    return sessions.value.find((s) => host.id.includes(s.id.toLowerCase()))?.id ?? null;
  }

  /** The host list's group for a recorded host: "Recorded: <session name>". */
  function recordedGroup(host: HostSummary): string {
    const id = sessionOfHost(host);
    const name =
      sessions.value.find((s) => s.id === id)?.name ?? host.group.replace(/^Recorded:\s*/, '');
    return `Recorded: ${name || 'session'}`;
  }

  api.on('sessionsChanged', applyList);

  return {
    sessions,
    loaded,
    loadError,
    opened,
    recording,
    interruptedOffer,
    applyList,
    load,
    startRecording,
    stopRecording,
    rename,
    remove,
    open,
    close,
    dismissInterrupted,
    sessionOfHost,
    recordedGroup,
  };
});
