import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardQueries, toPromQL, vslicerNames } from './dashboard-queries.testkit';
import { feedEveryKind, setup } from './metrics-fixture.testkit';

const RULES_DIR = resolve('resources/prometheus');
const RULES = resolve(RULES_DIR, 'vslicer-alerts.yml');
const DASHBOARD = resolve('resources/grafana/vslicer.json');
const PROMTOOL = '/usr/bin/promtool';
const hasPromtool = existsSync(PROMTOOL);
if (!hasPromtool) {
  console.log('promtool checks skipped: no /usr/bin/promtool (apt-get install prometheus)');
}

const promtool = (...args: string[]) => {
  const r = spawnSync(PROMTOOL, args, { cwd: RULES_DIR, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
};

/** Every sample name the exposition writes once every kind of event has been seen. */
async function exposedNames(): Promise<Set<string>> {
  const { metrics, feed } = setup();
  feedEveryKind(feed);
  const text = await metrics.scrape();
  return new Set(text.split('\n').flatMap((l) => /^(vslicer_[a-z0-9_]+)[{ ]/.exec(l)?.[1] ?? []));
}

describe('Prometheus alert rules (resources/prometheus/vslicer-alerts.yml)', () => {
  it.skipIf(!hasPromtool)('pass promtool check rules', () => {
    const r = promtool('check', 'rules', RULES);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status, r.output).toBe(0);
  });

  it.skipIf(!hasPromtool)('pass their unit tests (promtool test rules)', () => {
    const r = promtool('test', 'rules', 'vslicer-alerts.test.yml');
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
  });

  it('name only metrics the exposition writes', async () => {
    const exposed = await exposedNames();
    const used = vslicerNames(readFileSync(RULES, 'utf8'));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(exposed, name).toContain(name);
  });
});

describe('Grafana dashboard (resources/grafana/vslicer.json)', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { id: number; datasource: { uid: string } }[];
  };

  it('queries only metrics the exposition writes, through the datasource variable', async () => {
    const exposed = await exposedNames();
    const queries = dashboardQueries(dashboard);
    expect(queries.filter((q) => q.kind === 'panel').length).toBeGreaterThan(8);
    expect(queries.some((q) => q.kind === 'annotation')).toBe(true);
    for (const q of queries) {
      for (const name of vslicerNames(q.expr))
        expect(exposed, `${q.where}: ${name}`).toContain(name);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.panels.every((p) => p.datasource.uid === '${datasource}')).toBe(true);
  });

  it('fills in Grafana’s variables and intervals as Grafana does', () => {
    const vars = { host: 'demo', vm: 'web', __rate_interval: '30s', __range: '5m' };
    expect(toPromQL('rate(x{host="$host",vm=~"$vm"}[$__rate_interval])', vars)).toBe(
      'rate(x{host="demo",vm=~"web"}[30s])',
    );
    expect(toPromQL('increase(x[$__range])', vars)).toBe('increase(x[5m])');
    expect(toPromQL('label_values(vslicer_vm_info{host="$host"}, vm)', vars)).toBe(
      'vslicer_vm_info{host="demo"}',
    );
  });
});
