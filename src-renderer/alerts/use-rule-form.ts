import {
  ALERT_KINDS,
  AlertKindSchema,
  AlertOverrideSchema,
  AlertRuleBook,
  HOST_ALERT_KINDS,
  defaultAlertSettings,
  type AlertKind,
  type AlertSettings,
} from '@common/alerts';
import type { HostId } from '@common/model';
import { computed, reactive, ref, watch } from 'vue';

/**
 * The alert-rule form of one host: which scope (the host, or one VM), which rule, and the values
 * in force there, validated with the contract's own schema before anything is sent, so a wrong
 * value is said in the form and the core refuses the same things for the same reasons.
 */
export function useRuleForm(hostId: () => HostId, settings: () => AlertSettings | null) {
  /** '' is the host as a whole (its defaults for every VM); otherwise a VM's name. */
  const scope = ref('');
  const kind = ref<AlertKind>('rttP99High');
  const form = reactive({ enabled: true, threshold: '', forSec: '', keepFiringForSec: '' });
  const problem = ref<string | null>(null);

  const kinds = computed(() =>
    AlertKindSchema.options.filter((k) => scope.value === '' || !HOST_ALERT_KINDS.includes(k)),
  );
  const info = computed(() => ALERT_KINDS[kind.value]);
  const vm = computed(() => (scope.value === '' ? null : scope.value));
  const overridden = computed(
    () =>
      settings()?.overrides.some(
        (o) => o.hostId === hostId() && o.vm === vm.value && o.kind === kind.value,
      ) ?? false,
  );

  /** Fills the form with what is in force for the chosen scope and rule. */
  function fill(): void {
    if (!kinds.value.includes(kind.value)) kind.value = kinds.value[0]!;
    const rule = new AlertRuleBook(settings() ?? defaultAlertSettings()).rule(
      hostId(),
      vm.value,
      kind.value,
    );
    form.enabled = rule.enabled;
    form.threshold = rule.threshold === null ? '' : String(rule.threshold);
    form.forSec = String(rule.forSec);
    form.keepFiringForSec = String(rule.keepFiringForSec);
    problem.value = null;
  }
  watch([scope, kind, settings, hostId], fill, { immediate: true });

  /** The override to send, or null with `problem` set. */
  function parsed() {
    const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
    const candidate = {
      hostId: hostId(),
      vm: vm.value,
      kind: kind.value,
      enabled: form.enabled,
      ...(info.value.unit === null ? {} : { threshold: num(form.threshold) }),
      forSec: num(form.forSec),
      keepFiringForSec: num(form.keepFiringForSec),
    };
    const r = AlertOverrideSchema.safeParse(candidate);
    if (r.success) return ((problem.value = null), r.data);
    const first = r.error.issues[0]!;
    const field = {
      threshold: 'Threshold',
      forSec: 'Raise after',
      keepFiringForSec: 'Clear after',
    }[String(first.path[0]) as 'threshold'];
    problem.value = `${field ?? 'Rule'}: ${first.message}`;
    return null;
  }

  return { scope, kind, kinds, info, vm, form, problem, overridden, parsed, fill };
}
