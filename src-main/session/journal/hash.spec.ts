import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inThreadHasher, startHasher, type SegmentHasher } from './hash';

describe.each([
  ['on a worker thread', startHasher],
  ['in this thread (no worker)', inThreadHasher],
])('journal SHA-256 %s', async (_, make: () => SegmentHasher) => {
  const dir = await mkdtemp(join(tmpdir(), 'journal-hash-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const a = Buffer.alloc(3 * 1024 * 1024 + 17, 'a');
  const b = Buffer.from('second segment, of which only a prefix was read\n');
  await writeFile(join(dir, 'a'), a);
  await writeFile(join(dir, 'b'), b);

  it('hashes exactly the bytes read of each segment, in order', async () => {
    const h = make();
    h.add(join(dir, 'a'), a.length);
    h.add(join(dir, 'b'), 10);
    const expected = createHash('sha256').update(a).update(b.subarray(0, 10)).digest('hex');
    expect(await h.digest()).toBe(expected);
    h.close();
  });

  it('fails clearly when a segment is shorter than what was read', async () => {
    const h = make();
    h.add(join(dir, 'b'), b.length + 5);
    await expect(h.digest()).rejects.toThrow(/Could not hash the journal: .*became shorter/);
    h.close();
  });
});
