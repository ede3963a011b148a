import type { ClassSwitch, MicroslicePlan, VmSched } from '@common/sched';
import { computed, ref, shallowRef, watch } from 'vue';
import { errorText } from '../shared/errors';
import { useSchedStore } from './sched-store';

export type SwitchPhase = 'choose' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';

/** What the host said about a failed switch: its error sentence and raw reply, as it printed them. */
export function hostFailureText(s: ClassSwitch): string {
  const parts = [s.error, s.hostReply.trim()].filter((p): p is string => !!p);
  return parts.length
    ? parts.join('\n')
    : `The host answered with exit status ${s.exitCode ?? 'unknown'}.`;
}

/**
 * One class switch from the operator's first look to an optional undo:
 * NLSVM → LSVM asks the planner and lets the operator choose a microslice; LSVM → NLSVM has the
 * one choice, microslice 0. Every choice is previewed as the exact command before it can run.
 */
export function useSwitchFlow(vm: VmSched) {
  const sched = useSchedStore();
  /** Fixed when the dialog opens: a listing arriving mid-dialog must not flip what it does. */
  const toLsvm = vm.vmClass === 'NLSVM';

  const plan = shallowRef<MicroslicePlan | null>(null);
  const planError = ref<string | null>(null);
  const chosenMs = ref<number | null>(toLsvm ? null : 0);
  const command = ref<string | null>(null);
  const previewError = ref<string | null>(null);
  const phase = ref<SwitchPhase>('choose');
  const result = shallowRef<ClassSwitch | null>(null);
  const failure = ref<string | null>(null);

  const chosenOption = computed(
    () => plan.value?.options.find((o) => o.microsliceMs === chosenMs.value) ?? null,
  );
  const canRun = computed(
    () => phase.value === 'choose' && chosenMs.value !== null && command.value !== null,
  );
  /** The class the host reports now: after a failure, proof that nothing changed. */
  const currentClass = computed(() => sched.byName.get(vm.name)?.vmClass ?? vm.vmClass);

  async function loadPlan(): Promise<void> {
    try {
      const p = await sched.plan(vm.domid);
      plan.value = p;
      if (p.errors.length) planError.value = p.errors.join(' ');
      else if (p.options.length === 0)
        planError.value = `The planner found no whole-millisecond microslice that divides T_NLSVM/n (${p.tsliceMs} ms / ${p.nlsvmCount}).`;
      chosenMs.value = p.proposedMs ?? p.options[0]?.microsliceMs ?? null;
    } catch (e) {
      planError.value = errorText(e);
    }
  }

  // Answers can arrive out of order when the operator clicks through options: keep the newest.
  let previewSeq = 0;
  watch(
    chosenMs,
    async (ms) => {
      const seq = ++previewSeq;
      command.value = null;
      previewError.value = null;
      if (ms === null) return;
      try {
        const p = await sched.preview(vm.domid, ms);
        if (seq === previewSeq) command.value = p.command;
      } catch (e) {
        if (seq === previewSeq) previewError.value = errorText(e);
      }
    },
    { immediate: true },
  );
  if (toLsvm) void loadPlan();

  async function settle(action: () => Promise<ClassSwitch>, ok: SwitchPhase): Promise<void> {
    failure.value = null;
    try {
      const s = await action();
      result.value = s;
      if (s.state === 'done') phase.value = ok;
      else {
        phase.value = 'failed';
        failure.value = hostFailureText(s);
      }
    } catch (e) {
      phase.value = 'failed';
      failure.value = errorText(e);
    }
  }

  async function run(): Promise<void> {
    if (!canRun.value || chosenMs.value === null) return;
    phase.value = 'running';
    const ms = chosenMs.value;
    await settle(() => sched.switchClass(vm.domid, ms), 'done');
  }

  async function undo(): Promise<void> {
    const done = result.value;
    if (phase.value !== 'done' || !done) return;
    phase.value = 'undoing';
    await settle(() => sched.undo(done.id), 'undone');
  }

  return {
    toLsvm,
    plan,
    planError,
    chosenMs,
    chosenOption,
    command,
    previewError,
    phase,
    result,
    failure,
    canRun,
    currentClass,
    run,
    undo,
  };
}
