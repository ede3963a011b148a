import { describe, expect, it } from 'vitest';
import { parseVslicerWaits } from './vslicer-waits';

// The format as hypervisor/README.md documents it (two rows of a run on the test host).
const TEXT = `Name                                ID   Dispatches        Waits        Sum(us)    Max(us) Histogram
Domain-0                             0        17971        15884       58796198     190947 3,0,25,424,3435,3996,1370,601,1127,1358,512,753,1030,430,339,290,183,8,0,0,0,0,0,0
vs1                                  4         2079         2037      119834258     371926 0,0,0,1,32,87,32,9,34,49,26,15,30,18,74,173,777,175,4,0,0,0,0,0
`;

describe('vslicer-ctl -w', () => {
  it('reads every row, the name from the right, the histogram as 24 counts', () => {
    const r = parseVslicerWaits(TEXT);
    expect(r.errors).toEqual([]);
    expect(
      r.records.map((x) => [x.name, x.domid, x.dispatches, x.waits, x.sumUs, x.maxUs]),
    ).toEqual([
      ['Domain-0', 0, 17971, 15884, 58796198, 190947],
      ['vs1', 4, 2079, 2037, 119834258, 371926],
    ]);
    expect(r.records[1]!.hist).toHaveLength(24);
    expect(r.records[1]!.hist[16]).toBe(777);
  });

  it('keeps a name with spaces and shell characters whole', () => {
    const row = `${'web $(id); a b'.padEnd(33)}    7           10            2           3000       2000 0,0,0,0,0,0,0,0,0,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0\n`;
    expect(parseVslicerWaits(row).records[0]).toMatchObject({ name: 'web $(id); a b', domid: 7 });
  });

  it('refuses a row with the wrong bucket count or a counter past 2^53 − 1', () => {
    const base = `vs1 4 10 2 3000 2000`;
    const counts = (n: number, at = 10) =>
      Array.from({ length: n }, (_, k) => (k === at || k === at + 1 ? 1 : 0)).join(',');
    const bad = [
      `${base} ${counts(23)}`,
      `vs1 4 9007199254740992 2 3000 2000 ${counts(24)}`,
      `vs1 4 10 2 123456789012345678901234567890 2000 ${counts(24)}`,
    ];
    const r = parseVslicerWaits(bad.join('\n'));
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/Histogram \(24 comma-separated counts\)/),
      expect.stringMatching(/Dispatches \(a counter up to 2\^53 − 1\).*9007199254740992/),
      expect.stringMatching(/Sum\(us\) \(a counter up to 2\^53 − 1\)/),
    ]);
    // Exactly 2^53 − 1 is still exact.
    const max = parseVslicerWaits(`vs1 4 9007199254740991 2 3000 2000 ${counts(24)}`);
    expect(max.records[0]!.dispatches).toBe(2 ** 53 - 1);
  });
});
