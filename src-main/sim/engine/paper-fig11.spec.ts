/**
 * Figures 4 and 11: a CPU/memory-bound benchmark (STREAM) pays a cache refill each time it is
 * switched in. Fig. 11: in an NLSVM it keeps ≥ 95 % of its credit-scheduler throughput whatever
 * the LSVMs' microslice (15 → 1 ms); in an LSVM it loses throughput as the microslice shrinks.
 * Fig. 4: under credit, shrinking every VM's slice costs throughput the same way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { oneCoreHost, stats } from './spec-helpers';

const RUN_US = 6_000_000;
const MICROSLICES = [15, 10, 5, 3, 1];

function useful(host: ReturnType<typeof oneCoreHost>, name: string): number {
  host.runFor(RUN_US);
  return stats(host, name).usefulUs;
}

describe('Figure 11: STREAM in an NLSVM and in an LSVM (2 LSVMs + 2 NLSVMs)', () => {
  let credit = 0;
  beforeAll(() => {
    credit = useful(oneCoreHost('credit', [0, 0, 0, 0]), 'vm3');
  });

  it('the NLSVM keeps ≥ 95 % of its credit throughput at every microslice', () => {
    for (const tm of MICROSLICES) {
      const nl = useful(oneCoreHost('vslicer', [tm, tm, 0, 0]), 'vm3');
      expect(nl / credit, `T_m = ${tm} ms`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('the LSVM loses throughput monotonically as its microslice shrinks', () => {
    const ls = MICROSLICES.map(
      (tm) => useful(oneCoreHost('vslicer', [tm, tm, 0, 0]), 'vm1') / credit,
    );
    for (let i = 1; i < ls.length; i++)
      expect(ls[i]!, `T_m ${MICROSLICES[i]} vs ${MICROSLICES[i - 1]}`).toBeLessThan(ls[i - 1]!);
    expect(ls[ls.length - 1]!).toBeLessThan(0.9);
  });
});

describe('Figure 4: credit scheduler with shrinking time slices', () => {
  it('a CPU-bound VM loses throughput monotonically from 30 ms to 1 ms slices', () => {
    const slices = [30, 10, 5, 1];
    const t = slices.map((ts) =>
      useful(oneCoreHost('credit', [0, 0, 0, 0], ['cpu'], { tsliceMs: ts }), 'vm1'),
    );
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeLessThan(t[i - 1]!);
  });
});
