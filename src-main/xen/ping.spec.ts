import { describe, expect, it } from 'vitest';
import { parsePing } from './ping';

describe('ping (no samples in the folder: iputils and busybox texts as those tools print them)', () => {
  it('iputils: replies, a timeout, an unreachable report and the summary', () => {
    const r = parsePing(
      [
        'PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data.',
        '64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=0.345 ms',
        'From 10.0.0.1 icmp_seq=3 Destination Host Unreachable',
        '64 bytes from 10.0.0.3: icmp_seq=4 ttl=64 time=12.4 ms',
        '',
        '--- 10.0.0.3 ping statistics ---',
        '4 packets transmitted, 2 received, +1 errors, 50% packet loss, time 3004ms',
        'rtt min/avg/max/mdev = 0.345/6.372/12.400/6.027 ms',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.flavor).toBe('iputils');
    expect(r.replies.map((x) => [x.seq, x.timeMs])).toEqual([
      [1, 0.345],
      [4, 12.4],
    ]);
    expect(r.unreachable).toEqual([
      { seq: 3, from: '10.0.0.1', message: 'Destination Host Unreachable' },
    ]);
    expect(r.timeouts).toEqual([2]);
    expect(r.summary).toEqual({
      transmitted: 4,
      received: 2,
      errors: 1,
      lossPct: 50,
      timeMs: 3004,
    });
    expect(r.rtt).toEqual({ minMs: 0.345, avgMs: 6.372, maxMs: 12.4, mdevMs: 6.027 });
  });

  it('busybox: seq from 0, no mdev', () => {
    const r = parsePing(
      [
        'PING 10.0.0.3 (10.0.0.3): 56 data bytes',
        '64 bytes from 10.0.0.3: seq=0 ttl=64 time=0.123 ms',
        '64 bytes from 10.0.0.3: seq=2 ttl=64 time=0.150 ms',
        '',
        '--- 10.0.0.3 ping statistics ---',
        '3 packets transmitted, 2 packets received, 33% packet loss',
        'round-trip min/avg/max = 0.123/0.136/0.150 ms',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.flavor).toBe('busybox');
    expect(r.timeouts).toEqual([1]);
    expect(r.summary).toMatchObject({ transmitted: 3, received: 2, lossPct: 33, timeMs: null });
    expect(r.rtt).toEqual({ minMs: 0.123, avgMs: 0.136, maxMs: 0.15, mdevMs: null });
  });

  it('all lost: no rtt line; stderr diagnostics are chatter', () => {
    const r = parsePing(
      'ping: sendmsg: Network is unreachable\nPING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.\n\n--- 10.0.0.9 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1020ms\n\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.chatter).toEqual([{ line: 1, text: 'ping: sendmsg: Network is unreachable' }]);
    expect(r.timeouts).toEqual([1, 2]);
    expect(r.rtt).toBeNull();
  });
});
