import type { HostId, HostStatus, HostSummary } from '@common/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';

/** The hosts the app watches, their connection states, and which one the operator looks at. */
export const useHostsStore = defineStore('hosts', () => {
  const hosts = ref<HostSummary[]>([]);
  const selectedId = ref<HostId | null>(null);
  const loadError = ref<string | null>(null);

  const selected = computed(() => hosts.value.find((h) => h.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    try {
      const [info, list] = await Promise.all([api.getAppInfo({}), api.listHosts({})]);
      hosts.value = list;
      // First start: the demo host is selected, so the window is useful with no Xen host at hand.
      selectedId.value ??= info.defaultHostId;
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  function applyStatus(status: HostStatus): void {
    const host = hosts.value.find((h) => h.id === status.hostId);
    if (host) host.status = status;
  }

  function select(id: HostId): void {
    selectedId.value = id;
  }

  api.on('hostStatus', applyStatus);

  return { hosts, selectedId, selected, loadError, load, select, applyStatus };
});
