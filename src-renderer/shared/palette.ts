/**
 * VM colours. Assigned by a VM's position among its host's guests sorted by name, so five VMs
 * get five different colours (a name hash collides too often) and keep them while data streams.
 * Hues picked to stay distinguishable on light and dark backgrounds.
 */
const HUES = [212, 28, 145, 275, 355, 185, 48, 315, 95, 240];

export function colourAt(index: number, alpha = 1): string {
  const hue = HUES[index % HUES.length] ?? 212;
  const light = index >= HUES.length ? 40 : 52;
  return `hsla(${hue}, 65%, ${light}%, ${alpha})`;
}
