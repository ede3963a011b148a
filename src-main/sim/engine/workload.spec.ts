import { describe, expect, it } from 'vitest';
import { parseWorkloads } from './workload';

describe('parseWorkloads', () => {
  it('combines tokens', () => {
    const r = parseWorkloads(['lookbusy:40', 'ping', 'rr:50:200']);
    expect(r.ok && r.value).toMatchObject({
      lookbusyPct: 40,
      pingResponder: true,
      rrRatePerS: 50,
      rrBurstUs: 200,
    });
  });

  it('treats lookbusy:100 as cpu', () => {
    const r = parseWorkloads(['lookbusy:100']);
    expect(r.ok && r.value.cpuBound).toBe(true);
  });

  it.each(['lookbusy', 'lookbusy:0', 'lookbusy:abc', 'cpu:3', 'disk', 'rr', 'ping:x'])(
    'rejects %s',
    (t) => {
      const r = parseWorkloads([t]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-workload');
    },
  );
});
