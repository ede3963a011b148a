import type { PingResult } from '../../xen/ping';

/**
 * One probe round's RTTs by echo request: the reply's time, or null for a request that got no
 * reply (lost, timed out or unreachable). iputils counts icmp_seq from 1, busybox from 0.
 */
export function rttsBySeq(result: PingResult, count: number): Array<number | null> {
  const first = result.flavor === 'busybox' ? 0 : 1;
  const bySeq = new Map<number, number>();
  // A duplicate reply must not count twice; the first one is the round trip.
  for (const r of result.replies) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r.timeMs);
  return Array.from({ length: count }, (_, i) => bySeq.get(first + i) ?? null);
}
