import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_VERSION, type JournalRecord } from './record';
import { JournalFormatError, JournalReader } from './reader';
import { JournalWriter } from './writer';
import { sampleRecord } from './journal.testkit';

describe('JournalReader', () => {
  let dir: string;
  const seg1 = () => join(dir, 'journal-000001.ndjson');
  const write = async (n: number, segmentBytes?: number) => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes });
    for (let i = 0; i < n; i++) w.append(sampleRecord(i));
    await w.close();
  };
  const readAll = async () => {
    const reader = await JournalReader.open(dir);
    const summary = await reader.summarize();
    const got: JournalRecord[] = [];
    for await (const r of reader.records()) got.push(r);
    return { got, summary };
  };
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'journal-r-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('drops a torn last record (half a line, no newline) with a note', async () => {
    await write(10);
    const line = JSON.stringify(sampleRecord(10));
    await appendFile(seg1(), line.slice(0, line.length >> 1));
    const { got, summary } = await readAll();
    expect(got.map((r) => r.t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(summary.badLines).toBe(0);
    expect(summary.tornBytes).toBe(line.length >> 1);
    expect(summary.notes.join()).toMatch(/torn last record/);
  });

  it('drops a last line that ends in a newline but is not JSON (garbage after a crash)', async () => {
    await write(3);
    await appendFile(seg1(), '{"kind":"sample","t":\0\0\0\n');
    const { got, summary } = await readAll();
    expect(got).toHaveLength(3);
    expect(summary).toMatchObject({ badLines: 0, tornBytes: 25 });
  });

  it('counts and locates bad lines in the middle, and keeps reading', async () => {
    await write(4);
    const lines = (await readFile(seg1(), 'utf8')).split('\n');
    lines.splice(2, 0, 'not json at all', '{"kind":"sample","t":"yesterday"}');
    await writeFile(seg1(), lines.join('\n'));
    const { got, summary } = await readAll();
    expect(got).toHaveLength(4);
    expect(summary.badLines).toBe(2);
    expect(summary.badLineSamples.map((b) => [b.line, b.reason.slice(0, 10)])).toEqual([
      [3, 'not JSON'],
      [4, 'not a reco'],
    ]);
    expect(summary.tornBytes).toBe(0);
  });

  it('refuses a newer version and an unknown format with typed errors', async () => {
    await write(1);
    const text = await readFile(seg1(), 'utf8');
    const next = JOURNAL_VERSION + 1;
    await writeFile(seg1(), text.replace(`"version":${JOURNAL_VERSION}`, `"version":${next}`));
    const future = await JournalReader.open(dir).catch((e: unknown) => e);
    expect(future).toBeInstanceOf(JournalFormatError);
    expect(future).toMatchObject({
      code: 'unsupported-version',
      message: expect.stringMatching(
        new RegExp(`version ${next}.*up to version ${JOURNAL_VERSION}`),
      ),
    });
    await writeFile(seg1(), text.replace('"vslicer-journal"', '"other-log"'));
    await expect(JournalReader.open(dir)).rejects.toMatchObject({ code: 'unknown-format' });
    await writeFile(seg1(), '{"hello":1}\n');
    await expect(JournalReader.open(dir)).rejects.toMatchObject({ code: 'bad-header' });
    await rm(seg1());
    await expect(JournalReader.open(dir)).rejects.toMatchObject({ code: 'no-journal' });
  });

  it('hashes the bytes of every segment in order (SHA-256)', async () => {
    await write(40, 2048);
    const reader = await JournalReader.open(dir);
    expect(reader.segmentFiles.length).toBeGreaterThan(2);
    const hash = createHash('sha256');
    for (const f of reader.segmentFiles) hash.update(await readFile(f));
    const expected = hash.digest('hex');
    expect(await reader.sha256()).toBe(expected);
    expect((await reader.summarize()).sha256).toBe(expected);
  });

  it('tolerates a last segment killed before its header was complete', async () => {
    await write(40, 2048);
    const reader = await JournalReader.open(dir);
    const next = join(
      dir,
      `journal-${String(reader.segmentFiles.length + 1).padStart(6, '0')}.ndjson`,
    );
    await writeFile(next, '{"kind":"head');
    const { got, summary } = await readAll();
    expect(got).toHaveLength(40);
    expect(summary.notes.join()).toMatch(/before its header/);
  });
});
