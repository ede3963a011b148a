import { readonly, shallowRef, type Ref } from 'vue';

/**
 * The colours every chart draws with, read from styles.css's variables: a canvas cannot use CSS
 * variables, so charts take them from here and redraw when they change.
 */
export interface ChartTheme {
  /** Main text (--text): legends, switch labels, the predicted-latency line. */
  text: string;
  /** Secondary text (--text-2): axis ticks and titles. */
  muted: string;
  /** Grid lines and axis borders (--border). */
  grid: string;
  /** Card background (--surface): label backgrounds. */
  surface: string;
  /** The accent (--accent): single-series lines, the zoom selection. */
  accent: string;
  bad: string;
}

const FALLBACK: ChartTheme = {
  text: '#1b2330',
  muted: '#5b6576',
  grid: '#dde2ea',
  surface: '#ffffff',
  accent: '#1f6feb',
  bad: '#cf222e',
};

function read(): ChartTheme {
  if (typeof document === 'undefined' || typeof getComputedStyle === 'undefined') return FALLBACK;
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', FALLBACK.text),
    muted: v('--text-2', FALLBACK.muted),
    grid: v('--border', FALLBACK.grid),
    surface: v('--surface', FALLBACK.surface),
    accent: v('--accent', FALLBACK.accent),
    bad: v('--bad', FALLBACK.bad),
  };
}

const theme = shallowRef<ChartTheme>(FALLBACK);
let watching = false;

/**
 * The theme's colours, re-read when the OS switches between light and dark (styles.css follows
 * `prefers-color-scheme`, so the variables have already changed when the media query fires).
 * One listener for the whole window, however many charts use it; it lives as long as the window.
 */
export function useChartTheme(): Readonly<Ref<ChartTheme>> {
  if (!watching) {
    watching = true;
    theme.value = read();
    const media =
      typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    media?.addEventListener?.('change', () => (theme.value = read()));
  }
  return readonly(theme) as Readonly<Ref<ChartTheme>>;
}
