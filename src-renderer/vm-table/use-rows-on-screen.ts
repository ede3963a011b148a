import { onBeforeUnmount, onMounted, onUpdated, shallowRef, type Ref } from 'vue';

/**
 * Rows this far outside the viewport count as on screen: a scroll finds them already up to date
 * (a row is about 33 px high).
 */
const MARGIN = '200px 0px';

/**
 * Which of a table's rows (`tr[data-vm]` in `body`) are on screen, by VM name, for a table of
 * VMs (the VM table, the fairness card's bars) to leave the others as they were, with v-memo.
 * Each second brings new figures for every row of a 50-VM host; a page shows about 20 of them,
 * and none once scrolled past the table. Patching the rest cost a Vue patch, a style and layout
 * pass and a repaint of rows nobody saw, in the same frame as the visible ones, and made it a
 * long frame.
 *
 * A row counts as on screen until the observer says it is not (and always without an
 * IntersectionObserver), so a new row is never held back waiting for the first report.
 */
export function useRowsOnScreen(body: Readonly<Ref<HTMLElement | null>>): {
  onScreen: (name: string) => boolean;
} {
  /** The rows reported out of sight, replaced as a whole when that changes. */
  const hidden = shallowRef<ReadonlySet<string>>(new Set());
  const current = new Set<string>();
  /** The row elements observed, with their VM name. */
  const watched = new Map<Element, string>();
  let observer: IntersectionObserver | null = null;

  function observeRows(): void {
    if (!observer || !body.value) return;
    for (const [row, name] of watched) {
      if (row.isConnected) continue;
      observer.unobserve(row);
      watched.delete(row);
      if (![...watched.values()].includes(name)) current.delete(name);
    }
    for (const row of body.value.querySelectorAll<HTMLElement>('tr[data-vm]')) {
      const name = row.dataset.vm;
      if (watched.has(row) || name === undefined) continue;
      watched.set(row, name);
      observer.observe(row);
    }
  }

  onMounted(() => {
    if (typeof IntersectionObserver !== 'function') return;
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const name = watched.get(entry.target);
          if (name === undefined) continue;
          if (entry.isIntersecting) current.delete(name);
          else current.add(name);
        }
        hidden.value = new Set(current);
      },
      { rootMargin: MARGIN },
    );
    observeRows();
  });
  onUpdated(observeRows);
  onBeforeUnmount(() => observer?.disconnect());

  return { onScreen: (name) => !hidden.value.has(name) };
}
