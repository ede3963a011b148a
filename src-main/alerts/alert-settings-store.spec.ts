import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertOverrideSchema, AlertRuleBook, DEFAULT_ALERT_RULES } from '../common/alerts';
import { AlertSettingsStore } from './alert-settings-store';

describe('alert settings on disk (alerts.json)', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'alert-settings-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('defaults without a file; overrides saved 0600 and read back, VM names as they are', async () => {
    const store = new AlertSettingsStore(dir);
    const first = await store.load();
    expect(first).toEqual({
      settings: { defaults: DEFAULT_ALERT_RULES, overrides: [] },
      problems: [],
    });
    const vm = '__proto__"\n';
    const override = { hostId: 'demo', vm, kind: 'rttP99High' as const, threshold: 1, forSec: 0 };
    await store.save({ ...first.settings, overrides: [override] });
    expect((await stat(join(dir, 'alerts.json'))).mode & 0o777).toBe(0o600);
    const again = await store.load();
    expect(again.problems).toEqual([]);
    expect(again.settings.overrides).toEqual([override]);
    const book = new AlertRuleBook(again.settings);
    expect(book.rule('demo', vm, 'rttP99High')).toEqual({
      enabled: true,
      threshold: 1,
      forSec: 0,
      keepFiringForSec: 300,
    });
    expect(book.rule('demo', 'other', 'rttP99High').threshold).toBe(100);
  });

  it('skips what does not validate, saying which entry and why', async () => {
    await writeFile(
      join(dir, 'alerts.json'),
      JSON.stringify({
        version: 1,
        defaults: { unfair: { enabled: true, threshold: 0.8, forSec: 60, keepFiringForSec: 60 } },
        overrides: [
          { hostId: 'demo', vm: null, kind: 'unfair', threshold: 0.95 },
          { hostId: 'demo', vm: 'web', kind: 'hostDown', enabled: false },
          { hostId: 'demo', vm: null, kind: 'rttP99High', threshold: -1 },
        ],
      }),
    );
    const { settings, problems } = await new AlertSettingsStore(dir).load();
    expect(settings.defaults.unfair.threshold).toBe(0.8);
    expect(settings.overrides).toHaveLength(1);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/override 2 skipped: .*judges a whole host/s);
    expect(problems[1]).toMatch(/override 3 skipped: .*threshold/s);
    await writeFile(join(dir, 'alerts.json'), '{ not json');
    expect((await new AlertSettingsStore(dir).load()).problems[0]).toMatch(/unreadable.*defaults/);
    expect(await readFile(join(dir, 'alerts.json'), 'utf8')).toBe('{ not json');
  });

  it('refuses a ratio above 1 and a threshold on a rule that has none, with clear words', () => {
    const err = (o: unknown) => {
      const r = AlertOverrideSchema.safeParse(o);
      return r.success ? '' : r.error.issues.map((i) => i.message).join('; ');
    };
    expect(err({ hostId: 'demo', vm: null, kind: 'unfair', threshold: 1.5 })).toMatch(
      'a ratio is between 0 and 1',
    );
    expect(err({ hostId: 'demo', vm: 'web', kind: 'lsvmRttAboveWorstCase', threshold: 3 })).toMatch(
      'this rule has no threshold of its own',
    );
    expect(err({ hostId: 'demo', vm: null, kind: 'rttP99High', forSec: 1.5 })).not.toBe('');
  });
});
