/**
 * Colours that do not come from the light or dark theme: hues picked to stay distinguishable on
 * both backgrounds. The theme's own colours (text, grid, accent) are in charts/theme.ts.
 */

/**
 * VM colours. Assigned by a VM's position among its host's guests sorted by name, so five VMs
 * get five different colours (a name hash collides too often) and keep them while data streams.
 */
const HUES = [212, 28, 145, 275, 355, 185, 48, 315, 95, 240];

export function colourAt(index: number, alpha = 1): string {
  const hue = HUES[index % HUES.length] ?? 212;
  const light = index >= HUES.length ? 40 : 52;
  return `hsla(${hue}, 65%, ${light}%, ${alpha})`;
}

/**
 * The latency charts' series: before a class switch orange, after it (and the recent past when
 * there was no switch) blue, in the histogram and the CDF alike.
 */
export function beforeAfterColour(when: 'before' | 'after' | 'recent', alpha = 1): string {
  return when === 'before' ? `hsla(28, 85%, 55%, ${alpha})` : `hsla(212, 75%, 55%, ${alpha})`;
}
