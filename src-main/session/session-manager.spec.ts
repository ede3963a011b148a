import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../common/session';
import type { JournalRecord } from './journal/record';
import { sampleRecord } from './journal/journal.testkit';
import { SessionManager } from './session-manager';

describe('SessionManager', () => {
  let dataDir: string;
  let clock: number;
  const opts = () => ({ now: () => clock, flushIntervalMs: 50 });
  const collect = async (m: SessionManager, id: string) => {
    const out: JournalRecord[] = [];
    for await (const r of (await m.reader(id)).records()) out.push(r);
    return out;
  };
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sessions-'));
    clock = Date.UTC(2024, 4, 1, 14, 3, 12);
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('reports a session file it cannot write instead of leaving the failure unhandled', async () => {
    const errors: Error[] = [];
    const m = await SessionManager.open(dataDir, { ...opts(), onError: (e) => errors.push(e) });
    const info = await m.start('doomed');
    // The session's directory vanishes (removed by hand, a disk unmounted) …
    await rm(join(dataDir, 'sessions', info.id), { recursive: true, force: true });
    // … and a new host's name must go into its meta.json.
    m.record(sampleRecord(1, 5, 'second-host'));
    for (let i = 0; i < 50 && !errors.some((e) => /meta\.json/.test(e.message)); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(errors.find((e) => /meta\.json/.test(e.message))?.message).toMatch(/ENOENT/);
    await m.stop().catch(() => undefined);
  });

  it('starts with the first record, lists newest first with counts, and stops cleanly', async () => {
    const changes: SessionInfo[][] = [];
    const m = await SessionManager.open(dataDir, { ...opts(), onChange: (l) => changes.push(l) });
    expect(m.list()).toEqual([]);
    m.record(sampleRecord(1));
    const [live] = m.list();
    expect(live).toMatchObject({
      recording: true,
      interrupted: false,
      endedAt: null,
      records: 1,
      hosts: ['demo'],
    });
    expect(live!.id).toMatch(/^20240501T140312Z-[0-9a-f]{6}$/);
    m.record({
      kind: 'host',
      t: 2,
      data: {
        hostId: 'demo',
        name: 'Demo host',
        kind: 'demo',
        target: null,
        profile: 'vslicer',
        guestPcpus: 4,
      },
    });
    expect(m.list()[0]!.hosts).toEqual(['Demo host']);
    clock += 60_000;
    const second = await m.start('after the switch');
    expect(second.name).toBe('after the switch');
    m.record(sampleRecord(3));
    const stopped = await m.stop();
    expect(stopped).toMatchObject({
      id: second.id,
      recording: false,
      interrupted: false,
      endedAt: clock,
      records: 1,
    });
    expect(m.list().map((s) => s.id)).toEqual([second.id, live!.id]);
    expect(m.list()[1]).toMatchObject({
      records: 2,
      endedAt: clock,
      interrupted: false,
      hosts: ['Demo host'],
    });
    expect(changes.length).toBeGreaterThan(2);
    // Stopping by hand turns auto-start off: the next sample is not recorded.
    m.record(sampleRecord(4));
    expect(m.list()).toHaveLength(2);
    expect(await m.stop()).toBeNull();

    const again = await SessionManager.open(dataDir, opts());
    expect(again.list()).toEqual(m.list());
    expect((await collect(again, live!.id)).map((r) => r.kind)).toEqual(['sample', 'host']);
  });

  it('renames (meta.json replaced atomically, a note in a live journal) and deletes', async () => {
    const m = await SessionManager.open(dataDir, opts());
    const s = await m.start();
    expect(s.name).toBe('Session 2024-05-01 14:03 UTC');
    await m.rename(s.id, 'incident 42');
    const dir = join(dataDir, 'sessions', s.id);
    expect(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'))).toMatchObject({
      name: 'incident 42',
      endedAt: null,
    });
    expect((await readdir(dir)).filter((f) => f.includes('tmp'))).toEqual([]);
    await expect(m.delete(s.id)).rejects.toMatchObject({ code: 'recording' });
    await m.stop();
    expect(await collect(m, s.id)).toMatchObject([
      { kind: 'note', data: { text: 'Renamed to "incident 42".' } },
    ]);
    await m.rename(s.id, 'incident 43');
    expect((await SessionManager.open(dataDir)).list()[0]!.name).toBe('incident 43');
    await m.delete(s.id);
    expect(m.list()).toEqual([]);
    expect(await readdir(join(dataDir, 'sessions'))).toEqual([]);
    await expect(m.delete(s.id)).rejects.toMatchObject({ code: 'unknown-session' });
  });

  it('lists a session left without endedAt as interrupted, counting its records from the journal', async () => {
    const m = await SessionManager.open(dataDir, opts());
    for (let i = 0; i < 5; i++) m.record(sampleRecord(i));
    const id = m.recordingId!;
    await (await m.reader(id)).summarize(); // reader() flushes first: the data is on disk
    // The process dies here: no stop, no close.
    const after = await SessionManager.open(dataDir, opts());
    expect(after.list()).toMatchObject([
      { id, interrupted: true, recording: false, endedAt: null, records: 5, hosts: ['demo'] },
    ]);
    expect(await collect(after, id)).toHaveLength(5);
    // A new recording does not touch the interrupted one.
    clock += 1000;
    await after.start();
    expect(after.list().map((s) => s.interrupted)).toEqual([false, true]);
    await after.close();
    await m.close();
  });

  it('rebuilds a session whose meta.json is missing or half written', async () => {
    const m = await SessionManager.open(dataDir, opts());
    m.record(sampleRecord(1));
    const id = m.recordingId!;
    await m.close();
    await writeFile(join(dataDir, 'sessions', id, 'meta.json'), '{"name":"x","star');
    const after = await SessionManager.open(dataDir, opts());
    expect(after.list()).toMatchObject([
      { id, name: `Recovered ${id}`, interrupted: true, records: 1, startedAt: clock },
    ]);
  });

  it('closeSync ends the session on disk at once (shutdown paths)', async () => {
    const m = await SessionManager.open(dataDir, opts());
    m.record(sampleRecord(1));
    m.record(sampleRecord(2));
    const id = m.recordingId!;
    await new Promise((r) => setTimeout(r, 20)); // let the meta write of the start land
    m.closeSync();
    const after = await SessionManager.open(dataDir, opts());
    expect(after.list()).toMatchObject([{ id, interrupted: false, endedAt: clock, records: 2 }]);
    expect(await collect(after, id)).toHaveLength(2);
  });

  it('begins every session with the prelude records', async () => {
    const prelude: JournalRecord[] = [
      { kind: 'note', t: 0, data: { text: 'hosts known at start' } },
    ];
    const m = await SessionManager.open(dataDir, { ...opts(), prelude: () => prelude });
    const s = await m.start();
    m.record(sampleRecord(1));
    await m.stop();
    expect((await collect(m, s.id)).map((r) => r.kind)).toEqual(['note', 'sample']);
  });
});

describe('SessionManager at shutdown', () => {
  it('never throws when the data directory vanished while recording; it says why', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vslicer-gone-'));
    const errors: string[] = [];
    const m = await SessionManager.open(dataDir, { onError: (e) => errors.push(e.message) });
    m.record(sampleRecord(1));
    await new Promise((r) => setTimeout(r, 50));
    await rm(dataDir, { recursive: true, force: true });
    m.record(sampleRecord(2));
    expect(() => m.closeSync()).not.toThrow();
    expect(errors.join('\n')).toMatch(/ENOENT/);
  });
});
