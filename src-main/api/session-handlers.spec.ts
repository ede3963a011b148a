import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportJob, SessionInfo } from '../common/session';
import { createAppCore } from './app';
import { sessionHandlers } from './session-handlers';

describe('session handlers', () => {
  it('without a data directory: an empty list, and recording calls fail clearly', async () => {
    const h = sessionHandlers(null, null);
    expect(await h.listSessions({})).toEqual([]);
    await expect(h.startRecording({})).rejects.toMatchObject({ code: 'no-data-dir' });
    await expect(h.stopRecording({})).rejects.toMatchObject({ code: 'no-data-dir' });
    await expect(
      h.exportSession({ id: '20240501T140312Z-abcdef', format: 'csv' }),
    ).rejects.toMatchObject({ code: 'no-data-dir' });
  });

  it('on the demo host: records from the start, stops, starts by name, publishes the list', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vslicer-core-'));
    const core = await createAppCore({ mode: 'web', version: 'test', dataDir, log: () => {} });
    const lists: SessionInfo[][] = [];
    const jobs: ExportJob[] = [];
    core.subscribe((e) => e.name === 'sessionsChanged' && lists.push(e.payload));
    core.subscribe((e) => e.name === 'exportProgress' && jobs.push(e.payload));
    const call = async <T>(method: string, payload: unknown = {}): Promise<T> => {
      const r = await core.dispatch(method, payload);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };
    try {
      core.start();
      await new Promise((r) => setTimeout(r, 1500));
      const [auto] = await call<SessionInfo[]>('listSessions');
      expect(auto).toMatchObject({ recording: true, hosts: ['Demo host'] });
      expect(auto!.records).toBeGreaterThan(2);
      await expect(call('deleteSession', { id: auto!.id })).rejects.toMatchObject({
        code: 'recording',
      });
      const stopped = await call<SessionInfo>('stopRecording');
      expect(stopped).toMatchObject({ id: auto!.id, recording: false, interrupted: false });
      const named = await call<SessionInfo>('startRecording', { name: 'before the switch' });
      expect(named).toMatchObject({ name: 'before the switch', recording: true });
      expect(named.records).toBeGreaterThan(0); // the prelude: the host's state, facts, listing
      expect(lists.at(-1)!.map((s) => s.id)).toEqual([named.id, auto!.id]);
      await call('renameSession', { id: auto!.id, name: 'warm-up' });
      await call('deleteSession', { id: auto!.id });
      expect((await call<SessionInfo[]>('listSessions')).map((s) => s.name)).toEqual([
        'before the switch',
      ]);
      const job = await call<ExportJob>('exportSession', { id: named.id, format: 'json' });
      expect(job).toMatchObject({ sessionId: named.id, format: 'json', state: 'running' });
      await expect(call('cancelExport', { jobId: 'exp-none' })).rejects.toMatchObject({
        code: 'unknown-job',
      });
      const end = Date.now() + 8000;
      while (
        !jobs.some((j) => j.jobId === job.jobId && j.state !== 'running') &&
        Date.now() < end
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(jobs.filter((j) => j.jobId === job.jobId).at(-1)).toMatchObject({
        state: 'done',
        progress: 1,
      });
    } finally {
      core.stop();
      // A meta.json write begun before the stop may still land (see SessionManager.delete): retry.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    }
  }, 15_000);
});
