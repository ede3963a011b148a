/**
 * A host's place in its polls' cadence, from its id: a fraction in [0, 1) of the interval by
 * which its 5-second polls (listing, wait statistics) come later than they would from the moment
 * it connected. An agent that connects 200 hosts at once would otherwise have every host's
 * listing and wait statistics arrive in the same second, every 5 s: a burst of SSH commands, and
 * one scrape in five that rewrites every host's histograms. From the id (FNV-1a, then MurmurHash3's finalizer: ids that
 * differ in their last character, such as `lab-1` and `lab-2`, differ in FNV's low bits only), so
 * a host keeps its phase across reconnects and runs.
 */
export function pollPhase(hostId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < hostId.length; i++) {
    h ^= hostId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
