import { describe, expect, it } from 'vitest';
import { parseIpNeigh } from './ip-neigh';
import { parseXlNetworkList } from './xl-network-list';

describe('address discovery parsers', () => {
  it('reads the MAC of each vif from xl network-list', () => {
    const text =
      'Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       \n' +
      '0   0  00:16:3E:5a:01:0b     0     4     20  1280/1281        /local/domain/0/backend/vif/1/0\n' +
      'garbage\n';
    const { vifs, errors } = parseXlNetworkList(text);
    expect(vifs).toEqual([
      { idx: 0, backendDomid: 0, mac: '00:16:3e:5a:01:0b', handle: 0, state: 4 },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(3);
  });

  it('reads IPv4 neighbours with a MAC and skips incomplete and IPv6 ones', () => {
    const text = [
      '192.0.2.11 dev xenbr0 lladdr 00:16:3e:5a:01:0b REACHABLE',
      '192.0.2.1 dev eth0 lladdr 52:54:00:12:35:02 router STALE',
      '192.0.2.99 dev xenbr0  INCOMPLETE',
      'fe80::1 dev eth0 lladdr 52:54:00:12:35:02 router STALE',
    ].join('\n');
    expect(parseIpNeigh(text)).toEqual([
      { address: '192.0.2.11', dev: 'xenbr0', mac: '00:16:3e:5a:01:0b', state: 'REACHABLE' },
      { address: '192.0.2.1', dev: 'eth0', mac: '52:54:00:12:35:02', state: 'STALE' },
    ]);
  });
});
