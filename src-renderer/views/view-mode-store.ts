import type { HostId } from '@common/model';
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { useHostsStore } from '../hosts/hosts-store';

/**
 * Which page the main area shows: one host (the default, so the demo host is on screen at first
 * start), the overview of all hosts, the recorded sessions or the settings. Four pages need no
 * router.
 */
export const useViewModeStore = defineStore('view-mode', () => {
  const view = shallowRef<'host' | 'overview' | 'sessions' | 'settings'>('host');

  function showOverview(): void {
    view.value = 'overview';
  }

  function showSessions(): void {
    view.value = 'sessions';
  }

  function showSettings(): void {
    view.value = 'settings';
  }

  function showHost(id: HostId): void {
    useHostsStore().select(id);
    view.value = 'host';
  }

  return { view, showOverview, showSessions, showSettings, showHost };
});
