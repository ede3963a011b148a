import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalItem, LatencyColumns, SampleColumns } from './columns';
import { ItemDecoder, ItemEncoder, type ItemBatch } from './items-codec';

/** Items cross threads as numbers (journal/items-codec.ts) and must come back as they were. */
const text = fc.string({ maxLength: 12 });
const nullableNumber = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), {
  nil: null,
});

const sample = (n: number) =>
  fc.record({
    kind: fc.constant('sample-columns' as const),
    t: fc.integer({ min: 0, max: 2 ** 42 }),
    sampleT: fc.integer({ min: 0, max: 2 ** 42 }),
    hostId: fc.constantFrom('a', 'b', 'c'),
    gapBefore: fc.boolean(),
    rejected: fc.array(text, { maxLength: 2 }),
    name: fc.array(text, { minLength: n, maxLength: n }),
    state: fc.array(text, { minLength: n, maxLength: n }),
    cpuPct: fc.array(nullableNumber, { minLength: n, maxLength: n }),
    share: fc.array(nullableNumber, { minLength: n, maxLength: n }),
    memKiB: fc.array(fc.integer(), { minLength: n, maxLength: n }),
    maxMemKiB: fc.array(fc.option(fc.integer(), { nil: null }), { minLength: n, maxLength: n }),
    vcpus: fc.array(fc.nat(64), { minLength: n, maxLength: n }),
    netKiB: fc.option(
      fc.array(fc.option(fc.nat(), { nil: null }), { minLength: n, maxLength: n }),
      { nil: null },
    ),
  }) satisfies fc.Arbitrary<SampleColumns>;

const latency = (n: number, k: number) =>
  fc.record({
    kind: fc.constant('latency-columns' as const),
    n: fc.constant(n),
    t: fc.oneof(
      fc.integer({ min: 0, max: 2 ** 42 }),
      fc.array(fc.integer({ min: 0, max: 2 ** 42 }), { minLength: n, maxLength: n }),
    ),
    hostId: fc.constantFrom('a', 'b'),
    probeT: fc.integer({ min: 0, max: 2 ** 42 }),
    vm: fc.array(text, { minLength: n, maxLength: n }),
    address: fc.array(text, { minLength: n, maxLength: n }),
    rttUs: fc.array(fc.integer({ min: -1, max: 2 ** 30 }), { minLength: n * k, maxLength: n * k }),
    k: fc.constant(k),
  }) satisfies fc.Arbitrary<LatencyColumns>;

const note = fc.record({
  kind: fc.constant('note' as const),
  t: fc.nat(),
  data: fc.record({ text }),
});

const item: fc.Arbitrary<JournalItem> = fc.oneof(
  fc.integer({ min: 0, max: 5 }).chain(sample),
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 5 }))
    .chain(([n, k]) => latency(n, k)),
  note,
);

/**
 * A journal's references: a line may reuse the very column array of its host's previous line
 * (what CompactDecoder hands out for a reference), which the codec sends as one bit.
 */
function withReuse(items: JournalItem[], reuse: boolean[]): JournalItem[] {
  const lastSample = new Map<string, SampleColumns>();
  const lastRound = new Map<string, LatencyColumns>();
  return items.map((x, i) => {
    if (x.kind === 'sample-columns') {
      const last = lastSample.get(x.hostId);
      const y =
        reuse[i] && last && last.name.length === x.name.length
          ? { ...x, name: last.name, memKiB: last.memKiB, vcpus: last.vcpus }
          : x;
      lastSample.set(x.hostId, y);
      return y;
    }
    if (x.kind === 'latency-columns') {
      const last = lastRound.get(x.hostId);
      const y =
        reuse[i] && last && last.n === x.n ? { ...x, vm: last.vm, address: last.address } : x;
      lastRound.set(x.hostId, y);
      return y;
    }
    return x;
  });
}

const plain = (x: JournalItem) =>
  x.kind === 'latency-columns' ? { ...x, rttUs: Array.from(x.rttUs) } : x;

describe('journal items across threads', () => {
  it('decode(encode(items)) gives the items back, whatever the batch boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.array(fc.nat(39), { maxLength: 5 }),
        (raw, reuse, cuts) => {
          const items = withReuse(raw, reuse);
          const enc = new ItemEncoder();
          const dec = new ItemDecoder();
          const batches: ItemBatch[] = [];
          items.forEach((x, i) => {
            enc.add(x);
            if (cuts.includes(i)) batches.push(enc.take()!);
          });
          const last = enc.take();
          if (last) batches.push(last);
          // Decoded only after every batch was encoded: a batch must not depend on the encoder's later state.
          const got = batches.flatMap((b) => dec.decode(b));
          expect(got.map(plain)).toEqual(items.map(plain));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sends a column that repeats the previous line as one bit, and decodes it to the same array', () => {
    const name = ['Domain-0', 'vm1'];
    const base: SampleColumns = {
      kind: 'sample-columns',
      t: 1,
      sampleT: 1,
      hostId: 'a',
      gapBefore: false,
      rejected: [],
      name,
      state: ['r', 'b'],
      cpuPct: [1, 2],
      share: [null, 0.02],
      memKiB: [1, 2],
      maxMemKiB: [null, 2],
      vcpus: [1, 1],
      netKiB: null,
    };
    const enc = new ItemEncoder();
    enc.add(base);
    enc.add({ ...base, t: 2, sampleT: 2, state: ['r', 'r'] });
    enc.add({ ...base, t: 3, sampleT: 3, name: [...name] }); // equal, but not the same array: spelled out
    const batch = enc.take()!;
    const [a, b, c] = new ItemDecoder().decode(batch) as SampleColumns[];
    expect(b!.name).toBe(a!.name);
    expect(b!.state).not.toBe(a!.state);
    expect(c!.name).not.toBe(a!.name);
    expect(c!.name).toEqual(name);
    // 8 fixed numbers a sample, then 2 per column sent: all 7, then state and CPU/share, then
    // name, state (not the second's) and CPU/share. Repeated columns cost nothing.
    expect(batch.length).toBe(8 + 7 * 2 + (8 + 3 * 2) + (8 + 4 * 2));
    expect(batch.strings).toEqual(['a', 'Domain-0', 'vm1', 'r', 'b']);
  });
});
