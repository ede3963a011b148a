import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_VERSION, type JournalRecord } from './record';
import { JournalReader } from './reader';
import { JournalWriter } from './writer';
import { sampleRecord } from './journal.testkit';

describe('JournalWriter', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'journal-w-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips records across segment rotations, each segment starting with its header', async () => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes: 4096 });
    const sent = Array.from({ length: 200 }, (_, i) => sampleRecord(1000 + i));
    sent.forEach((r) => w.append(r));
    await w.close();
    const files = (await readdir(dir)).sort();
    expect(files.length).toBeGreaterThan(5);
    expect(files[0]).toBe('journal-000001.ndjson');
    for (const [i, f] of files.entries()) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({
        kind: 'header',
        segment: i + 1,
        version: JOURNAL_VERSION,
      });
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    }
    const reader = await JournalReader.open(dir);
    const got: JournalRecord[] = [];
    for await (const r of reader.records()) got.push(r);
    expect(got).toEqual(sent);
    expect(w.records).toBe(200);
    const summary = await reader.summarize();
    expect(summary).toMatchObject({
      records: 200,
      badLines: 0,
      tornBytes: 0,
      segments: files.length,
      bytes: w.bytes,
    });
  });

  it('has what was appended on disk within a second, while still recording', async () => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test' });
    w.append(sampleRecord(1));
    const t0 = Date.now();
    let lines = 0;
    while (lines < 2 && Date.now() - t0 < 2000) {
      await new Promise((r) => setTimeout(r, 50));
      const text = await readFile(join(dir, 'journal-000001.ndjson'), 'utf8').catch(() => '');
      lines = text.split('\n').filter(Boolean).length;
    }
    expect(lines).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1000);
    await w.close();
  });

  it('has a probe round on disk within a second even when it came during a flush and nothing follows', async () => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', flushIntervalMs: 100 });
    w.append(sampleRecord(1));
    const flushing = w.flush();
    const probe = (vm: string): JournalRecord => ({
      kind: 'latency',
      t: 2,
      data: { hostId: 'demo', vm, address: '192.0.2.1', t: 2, rttMs: [0.5] },
    });
    w.append(probe('a'));
    w.append(probe('b'));
    await flushing;
    const t0 = Date.now();
    let text = '';
    while (!text.includes('["latency"') && Date.now() - t0 < 2000) {
      await new Promise((r) => setTimeout(r, 50));
      text = await readFile(join(dir, 'journal-000001.ndjson'), 'utf8');
    }
    expect(text).toContain('["latency",2,2,"demo",2,["a","b"]');
    expect(Date.now() - t0).toBeLessThan(1000);
    await w.close();
  });

  it('coalesces concurrent flushes and keeps order', async () => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes: 8192 });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      w.append(sampleRecord(i, 2));
      if (i % 7 === 0) flushes.push(w.flush());
    }
    await Promise.all(flushes);
    await w.close();
    const ts: number[] = [];
    for await (const r of (await JournalReader.open(dir)).records()) ts.push(r.t);
    expect(ts).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('closeSync writes what is buffered and in flight without waiting', async () => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes: 4096 });
    for (let i = 0; i < 50; i++) w.append(sampleRecord(i));
    const inflight = w.flush();
    for (let i = 50; i < 100; i++) w.append(sampleRecord(i));
    w.closeSync();
    const summary = await (await JournalReader.open(dir)).summarize();
    expect(summary).toMatchObject({ records: 100, badLines: 0, tornBytes: 0 });
    await inflight;
    expect((await (await JournalReader.open(dir)).summarize()).records).toBe(100);
    expect(() => w.append(sampleRecord(0))).toThrow(/closed/);
  });
});
