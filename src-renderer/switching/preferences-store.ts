import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

const ASK_KEY = 'vslicer.askBeforeSwitching';

/** localStorage can throw (privacy modes, quota): a preference then just lasts the session. */
function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not persisted; the in-memory value still holds.
  }
}

/** The operator's own settings, kept in this window's storage (not on any host). */
export const usePreferencesStore = defineStore('preferences', () => {
  /** Open the switch dialog on a class toggle (default), or switch at once with the proposal. */
  const askBeforeSwitching = ref(read(ASK_KEY) !== 'false');
  watch(askBeforeSwitching, (on) => write(ASK_KEY, String(on)));
  return { askBeforeSwitching };
});
