import { getCurrentScope, onScopeDispose, readonly, ref, watch, type Ref } from 'vue';

/**
 * Wall-clock ms, refreshed once a second while some component needs it. One timer for the
 * whole window, however many badges count down (50 hosts reconnecting is one interval, not 50),
 * and none at all when nothing counts.
 */
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(): () => void {
  users++;
  now.value = Date.now();
  timer ??= setInterval(() => (now.value = Date.now()), 1000);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--users === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** `active` says when ticking is needed, e.g. only while a host is reconnecting. */
export function useNow(active: () => boolean = () => true): Readonly<Ref<number>> {
  let unsubscribe: (() => void) | null = null;
  watch(
    active,
    (on) => {
      if (on && !unsubscribe) unsubscribe = subscribe();
      if (!on && unsubscribe) {
        unsubscribe();
        unsubscribe = null;
      }
    },
    { immediate: true },
  );
  if (getCurrentScope()) onScopeDispose(() => unsubscribe?.());
  return readonly(now);
}
