import type { VmSched } from '@common/sched';
import { computed, ref, shallowRef } from 'vue';
import { errorText } from '../shared/errors';
import { usePreferencesStore } from './preferences-store';
import { useSchedStore } from './sched-store';
import { hostFailureText } from './use-switch-flow';

/**
 * What a class toggle does: open the switch dialog, or — with "Ask before
 * switching" off — switch at once with the planner's proposal (microslice 0 to go back), and say
 * what went wrong in the host view, since there is no dialog to say it in.
 */
export function useClassSwitching() {
  const sched = useSchedStore();
  const prefs = usePreferencesStore();
  const dialogVm = shallowRef<VmSched | null>(null);
  const notice = ref<string | null>(null);
  /** Quick switches between the click and the core's first `running` event. */
  const pending = ref(new Set<string>());

  const switching = computed(() => {
    const names = new Set(pending.value);
    for (const v of sched.sched?.vms ?? []) if (sched.running.has(v.domid)) names.add(v.name);
    return names;
  });

  async function quickSwitch(vm: VmSched): Promise<void> {
    pending.value = new Set(pending.value).add(vm.name);
    notice.value = null;
    try {
      let ms = 0;
      if (vm.vmClass === 'NLSVM') {
        const plan = await sched.plan(vm.domid);
        if (plan.proposedMs === null)
          throw new Error(plan.errors.join(' ') || 'the planner proposed no microslice');
        ms = plan.proposedMs;
      }
      const s = await sched.switchClass(vm.domid, ms);
      if (s.state === 'failed') {
        notice.value = `Switching ${vm.name} failed; it is still an ${vm.vmClass}. The host said: ${hostFailureText(s)}`;
      }
    } catch (e) {
      notice.value = `Switching ${vm.name} failed; it is still an ${vm.vmClass}: ${errorText(e)}`;
    } finally {
      const next = new Set(pending.value);
      next.delete(vm.name);
      pending.value = next;
    }
  }

  function toggle(name: string): void {
    const vm = sched.byName.get(name);
    if (!vm || sched.readOnlyReason || switching.value.has(name)) return;
    if (prefs.askBeforeSwitching) dialogVm.value = vm;
    else void quickSwitch(vm);
  }

  /** The dialog whatever "Ask before switching" says: the advice panel never switches by itself. */
  function review(name: string): void {
    const vm = sched.byName.get(name);
    if (!vm || sched.readOnlyReason || switching.value.has(name)) return;
    dialogVm.value = vm;
  }

  async function undo(switchId: string): Promise<void> {
    notice.value = null;
    try {
      const s = await sched.undo(switchId);
      if (s.state === 'failed') notice.value = `Undo failed. The host said: ${hostFailureText(s)}`;
    } catch (e) {
      notice.value = `Undo failed: ${errorText(e)}`;
    }
  }

  return { dialogVm, notice, switching, toggle, review, undo };
}
