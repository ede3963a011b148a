import { readonly, ref, type Ref } from 'vue';
import { errorText } from './errors';

export interface RunOptions {
  /**
   * Leave the last error on screen while this run is in flight (an inline edit that stays open
   * after a failure keeps saying why until the next attempt's outcome is known). By default a run
   * clears it when it starts.
   */
  keepError?: boolean;
}

export interface Action {
  /** A run is in flight: buttons that start one are disabled. */
  busy: Readonly<Ref<boolean>>;
  /** The last run's failure as one sentence for the operator (errorText), or null. Writable, to dismiss it. */
  error: Ref<string | null>;
  /**
   * Runs `fn` and resolves with what it returned, or with undefined when it threw (the error is
   * then in `error`); it never rejects. A run started while another is in flight is ignored (it
   * resolves with undefined at once): a second click or a second Enter never sends a request twice.
   * What must happen only on success goes inside `fn`, after its await.
   */
  run<T>(fn: () => Promise<T>, options?: RunOptions): Promise<T | undefined>;
}

/**
 * The busy flag and error line of a button that calls the core. `error` may be passed in so that
 * several actions report on one line (start and cancel of an export).
 */
export function useAction(error: Ref<string | null> = ref(null)): Action {
  const busy = ref(false);

  async function run<T>(fn: () => Promise<T>, options: RunOptions = {}): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    if (!options.keepError) error.value = null;
    try {
      return await fn();
    } catch (e) {
      error.value = errorText(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy: readonly(busy), error, run };
}
