import type { WhatIf } from '@common/advice';
import { computed, watch, type Ref } from 'vue';
import { useAdviceStore } from './advice-store';

/**
 * The switch dialog's prediction: the engine's what-if for the microslice the operator has
 * chosen, asked for when the choice changes (answers are kept per microslice, so clicking back
 * shows the earlier one at once) and again when the host's listing changes while the dialog is
 * open (another VM switched: the answer kept is stale).
 */
export function useSwitchPrediction(domid: number, toLsvm: boolean, chosenMs: Ref<number | null>) {
  const store = useAdviceStore();
  watch(
    [chosenMs, () => store.listing],
    ([ms]) => {
      if (!toLsvm || !ms || store.prediction(domid, ms) || store.isPredicting(domid, ms)) return;
      void store.predict(domid, ms);
    },
    { immediate: true },
  );
  const prediction = computed<WhatIf | null>(() =>
    toLsvm && chosenMs.value ? store.prediction(domid, chosenMs.value) : null,
  );
  const predicting = computed(
    () => toLsvm && !!chosenMs.value && store.isPredicting(domid, chosenMs.value),
  );
  return { prediction, predicting };
}
