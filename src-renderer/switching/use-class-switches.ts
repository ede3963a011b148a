import type { HostId } from '@common/model';
import type { ClassSwitch } from '@common/sched';
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import { api } from '../api/client';

/**
 * A host's class switches for the chart annotations: the list the core keeps, then each
 * `classSwitch` event upserted by id (a switch is pushed when it starts and again when it ends).
 * A core without the list yet (older build) leaves the chart without annotations, not broken.
 */
export function useClassSwitches(hostId: () => HostId): Readonly<Ref<readonly ClassSwitch[]>> {
  const switches = shallowRef<readonly ClassSwitch[]>([]);

  function upsert(s: ClassSwitch): void {
    if (s.hostId !== hostId()) return;
    const i = switches.value.findIndex((x) => x.id === s.id);
    const next = switches.value.slice();
    if (i === -1) next.push(s);
    else next[i] = s;
    switches.value = next;
  }

  watch(
    hostId,
    async (id) => {
      switches.value = [];
      try {
        const list = await api.listClassSwitches({ hostId: id });
        if (id !== hostId()) return;
        const live = switches.value;
        switches.value = list;
        for (const s of live) upsert(s);
      } catch {
        // No list: events still arrive, and the chart simply shows fewer lines.
      }
    },
    { immediate: true },
  );
  onScopeDispose(api.on('classSwitch', upsert));
  return switches;
}
