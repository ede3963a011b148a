import { readonly, shallowRef, type Ref } from 'vue';

/** Canvas colours cannot use CSS variables: charts read them here and redraw when they change. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  surface: string;
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
 * One listener for the whole window, however many charts use it.
 */
export function useChartTheme(): Readonly<Ref<ChartTheme>> {
  if (!watching) {
    watching = true;
    theme.value = read();
    const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    media?.addEventListener?.('change', () => (theme.value = read()));
  }
  return readonly(theme) as Readonly<Ref<ChartTheme>>;
}
