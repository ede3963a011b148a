import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSettings } from '../common/alerts';
import { createAppCore, type AppCore } from './app';

/** The alert calls through the contract, on a core with a data directory. */
describe('alert calls', () => {
  let dir: string;
  let core: AppCore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alert-api-'));
    core = await createAppCore({ mode: 'web', version: 'test', dataDir: dir, log: () => {} });
  });
  afterAll(async () => {
    core.stop();
    // The session journal may still be closing its segment: retry as the e2e fixtures do.
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it('sets and removes an override, persisted in alerts.json', async () => {
    const target = { hostId: 'demo', vm: 'web-frontend', kind: 'rttP99High' };
    const set = await core.dispatch('setAlertOverride', {
      ...target,
      override: { ...target, threshold: 2, forSec: 0, keepFiringForSec: 5 },
    });
    expect(set.ok).toBe(true);
    const file = JSON.parse(await readFile(join(dir, 'alerts.json'), 'utf8')) as AlertSettings;
    expect(file.overrides).toEqual([{ ...target, threshold: 2, forSec: 0, keepFiringForSec: 5 }]);
    const cleared = await core.dispatch('setAlertOverride', { ...target, override: null });
    expect(cleared.ok && (cleared.value as AlertSettings).overrides).toEqual([]);
  });

  it('refuses bad input with a message that names the field', async () => {
    const bad = await core.dispatch('setAlertOverride', {
      hostId: 'demo',
      vm: null,
      kind: 'unfair',
      override: { hostId: 'demo', vm: null, kind: 'unfair', threshold: 7 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!bad.ok && bad.error.message).toMatch(/ratio is between 0 and 1[\s\S]*threshold/);
    const other = await core.dispatch('setAlertOverride', {
      hostId: 'demo',
      vm: null,
      kind: 'unfair',
      override: { hostId: 'demo', vm: null, kind: 'hostDown', enabled: false },
    });
    expect(!other.ok && other.error.message).toMatch(/another host, VM or rule/);
    const unknown = await core.dispatch('setAlertOverride', {
      hostId: 'nope',
      vm: null,
      kind: 'unfair',
      override: null,
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-host' } });
  });

  it('lists nothing raised on a fresh core', async () => {
    const r = await core.dispatch('listAlerts', {});
    expect(r).toEqual({ ok: true, value: { active: [], history: [] } });
  });
});
