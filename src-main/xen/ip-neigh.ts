import { splitLines } from './text/lines';

/**
 * `ip neigh` (iproute2): `ADDR dev IF lladdr MAC STATE` per line; entries without `lladdr`
 * (INCOMPLETE, FAILED) have no MAC yet and are skipped. Only IPv4 entries are kept: the probe
 * is IPv4 ping, as in the paper.
 */
export interface Neighbour {
  address: string;
  dev: string;
  mac: string;
  state: string;
}

const ENTRY =
  /^(\d{1,3}(?:\.\d{1,3}){3}) dev (\S+) lladdr ([0-9a-fA-F:]{17})(?: router)? (\S+)\s*$/;

export function parseIpNeigh(text: string): Neighbour[] {
  const out: Neighbour[] = [];
  for (const line of splitLines(text)) {
    const m = ENTRY.exec(line.trim());
    if (m) out.push({ address: m[1]!, dev: m[2]!, mac: m[3]!.toLowerCase(), state: m[4]! });
  }
  return out;
}
