import type { HostConfig, HostConfigInput } from '@common/host-config';
import type { HostId, HostStatus, HostSummary } from '@common/model';
import type { ProfileInfo } from '@common/profile';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import { upsertById } from '../shared/upsert-by-id';

/** The hosts the app watches, their connection states, and which one the operator looks at. */
export const useHostsStore = defineStore('hosts', () => {
  const hosts = ref<HostSummary[]>([]);
  const selectedId = ref<HostId | null>(null);
  const loadError = ref<string | null>(null);
  /** The first list arrived (from load or a `hostsChanged` event). */
  const loaded = ref(false);

  const selected = computed(() => hosts.value.find((h) => h.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    try {
      const [info, list] = await Promise.all([api.getAppInfo({}), api.listHosts({})]);
      hosts.value = list;
      loaded.value = true;
      // First start: the demo host is selected, so the window is useful with no Xen host at hand.
      selectedId.value ??= info.defaultHostId;
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  /** The whole list from the core; the selection survives unless its host is gone. */
  function replaceHosts(list: HostSummary[]): void {
    hosts.value = list;
    loaded.value = true;
    if (!list.some((h) => h.id === selectedId.value)) selectedId.value = list[0]?.id ?? null;
  }

  /** The answer to add/update may come before or after `hostsChanged`: either order ends the same. */
  function upsert(summary: HostSummary): void {
    hosts.value = upsertById(hosts.value, summary);
  }

  function applyStatus(status: HostStatus): void {
    const host = hosts.value.find((h) => h.id === status.hostId);
    if (host) host.status = status;
  }

  function select(id: HostId): void {
    selectedId.value = id;
  }

  async function addHost(config: HostConfigInput): Promise<HostSummary> {
    const summary = await api.addHost(config);
    upsert(summary);
    selectedId.value = summary.id;
    return summary;
  }

  async function updateHost(id: HostId, config: HostConfigInput): Promise<HostSummary> {
    const summary = await api.updateHost({ id, config });
    upsert(summary);
    return summary;
  }

  async function removeHost(id: HostId): Promise<void> {
    await api.removeHost({ id });
    replaceHosts(hosts.value.filter((h) => h.id !== id));
  }

  const getConfig = (id: HostId): Promise<HostConfig> => api.getHostConfig({ id });
  let profileList: Promise<ProfileInfo[]> | null = null;
  /** The host profiles the core offers (asked once; asked again after a failure). */
  const profiles = (): Promise<ProfileInfo[]> =>
    (profileList ??= api.listProfiles({}).catch((e: unknown) => {
      profileList = null;
      throw e;
    }));
  const connect = async (id: HostId): Promise<void> => void (await api.connectHost({ id }));
  const disconnect = async (id: HostId): Promise<void> => void (await api.disconnectHost({ id }));
  const repinHostKey = async (id: HostId): Promise<void> => void (await api.repinHostKey({ id }));

  api.on('hostStatus', applyStatus);
  api.on('hostsChanged', replaceHosts);

  return {
    hosts,
    selectedId,
    selected,
    loadError,
    loaded,
    load,
    select,
    applyStatus,
    replaceHosts,
    addHost,
    updateHost,
    removeHost,
    getConfig,
    profiles,
    connect,
    disconnect,
    repinHostKey,
  };
});
