import { onScopeDispose, ref } from 'vue';

/** Canvas cannot read CSS variables: take the theme's text and grid colours, and follow the OS. */
export interface ChartTheme {
  text: string;
  grid: string;
  line: string;
}

function read(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { text: v('--text-2', '#5b6576'), grid: v('--border', '#dde2ea'), line: v('--text', '#1b2330') };
}

/** Before the switch: orange; after (and "recent"): blue. Both readable on light and dark. */
export const BEFORE_COLOUR = 'hsla(28, 85%, 55%, 1)';
export const AFTER_COLOUR = 'hsla(212, 75%, 55%, 1)';
export const withAlpha = (hsla: string, alpha: number) => hsla.replace(/, 1\)$/, `, ${alpha})`);

export function useChartTheme() {
  const theme = ref(read());
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  const update = () => (theme.value = read());
  media?.addEventListener?.('change', update);
  onScopeDispose(() => media?.removeEventListener?.('change', update));
  return theme;
}
