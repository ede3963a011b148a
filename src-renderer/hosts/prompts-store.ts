import type { CredentialPrompt, HostKeyPrompt } from '@common/host-config';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';

export type Prompt =
  { kind: 'hostKey'; prompt: HostKeyPrompt } | { kind: 'credential'; prompt: CredentialPrompt };

/**
 * Questions the core asks the operator while connecting (an unknown host key, a password or a
 * passphrase), answered one at a time in the order they came. Secrets pass straight through
 * `answerCredential` to the API and are never kept here.
 */
export const usePromptsStore = defineStore('prompts', () => {
  const queue = ref<Prompt[]>([]);
  /** Why the last answer to the current prompt did not reach the core; it stays open to retry. */
  const answerError = ref<string | null>(null);
  const busy = ref(false);

  const current = computed(() => queue.value[0] ?? null);

  function enqueue(item: Prompt): void {
    if (queue.value.some((q) => q.prompt.promptId === item.prompt.promptId)) return;
    queue.value.push(item);
  }

  /** Answered here or withdrawn by the core (`promptClosed`): gone either way. */
  function close(promptId: string): void {
    if (current.value?.prompt.promptId === promptId) answerError.value = null;
    queue.value = queue.value.filter((q) => q.prompt.promptId !== promptId);
  }

  async function send(promptId: string, call: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    try {
      await call();
      close(promptId);
      return true;
    } catch (error) {
      answerError.value = errorText(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const answerHostKey = (promptId: string, accept: boolean): Promise<boolean> =>
    send(promptId, () => api.answerHostKey({ promptId, accept }));

  /** `value` null cancels: the core skips this authentication method. */
  const answerCredential = (
    promptId: string,
    value: string | null,
    remember: boolean,
  ): Promise<boolean> => send(promptId, () => api.answerCredential({ promptId, value, remember }));

  api.on('hostKeyPrompt', (prompt) => enqueue({ kind: 'hostKey', prompt }));
  api.on('credentialPrompt', (prompt) => enqueue({ kind: 'credential', prompt }));
  api.on('promptClosed', ({ promptId }) => close(promptId));

  return { queue, current, answerError, busy, enqueue, close, answerHostKey, answerCredential };
});
