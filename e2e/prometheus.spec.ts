import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startWebApp, stopChild, type WebApp } from './fixtures';
import { callApiFromNode } from './node-api';
import { dashboardQueries, toPromQL } from '../src-main/metrics/dashboard-queries.testkit';
import {
  hasPrometheus,
  startPrometheus,
  type PrometheusServer,
} from './prometheus/prometheus-server';

// The real thing: Debian's Prometheus scrapes web mode on the demo host every second, with the
// bearer token from the same 0600 file the console reads.
const WEB = 'web-frontend';
const RULES = resolve('resources/prometheus/vslicer-alerts.yml');
const DASHBOARD = resolve('resources/grafana/vslicer.json');
const MEDIAN = `histogram_quantile(0.5, sum by (le) (rate(vslicer_vm_ping_rtt_seconds_bucket{vm="${WEB}"}[30s])))`;

test.describe('Prometheus scraping web mode', () => {
  test.skip(!hasPrometheus(), 'needs Debian’s prometheus (apt-get install prometheus)');
  test.describe.configure({ mode: 'serial' });
  let dir: string;
  let token: string;
  let app: WebApp;
  let child: ChildProcess;
  let prom: PrometheusServer;
  let startedAt: number;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dir = mkdtempSync(join(tmpdir(), 'vslicer-e2e-prom-'));
    token = randomBytes(24).toString('hex');
    const tokenFile = join(dir, 'metrics.token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    ({ app, child } = await startWebApp(join(dir, 'data'), ['--metrics-token-file', tokenFile]));
    await callApiFromNode(app, 'setProbeSettings', {
      hostId: 'demo',
      settings: { intervalSec: 1, count: 5 },
    });
    startedAt = Date.now();
    prom = await startPrometheus(app.origin.replace('http://', ''), tokenFile, [RULES]);
  });

  test.afterAll(async () => {
    await prom?.stop();
    if (child) await stopChild(child);
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('a scrape without the bearer token gets 401; Prometheus, with it, scrapes', async () => {
    const bare = await fetch(`${app.origin}/metrics`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const withUiToken = await fetch(`${app.origin}/metrics?token=${app.token}`, {
      headers: { Cookie: `vslicer_token=${app.token}` },
    });
    expect(withUiToken.status).toBe(401);
    const ok = await fetch(`${app.origin}/metrics`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(
      /^application\/openmetrics-text; version=1\.0\.0/,
    );
    await expect
      .poll(() => prom.value('up{job="vslicer"}'), { timeout: 20_000, intervals: [1000] })
      .toBe(1);
    await expect
      .poll(() => prom.value('vslicer_host_up{host="demo"}'), {
        timeout: 20_000,
        intervals: [1000],
      })
      .toBe(1);
  });

  test('making web-frontend an LSVM halves its PromQL median RTT', async () => {
    test.setTimeout(240_000);
    const started = Date.now();
    // A full 30 s window of NLSVM probes first.
    await expect
      .poll(() => prom.value(MEDIAN), { timeout: 30_000, intervals: [1000] })
      .toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Math.max(0, 32_000 - (Date.now() - started))));
    const before = await prom.value(MEDIAN);
    expect(before).toBeGreaterThan(0.02);

    const sched = (await callApiFromNode(app, 'getSched', { hostId: 'demo' })) as {
      vms: { name: string; domid: number }[];
    };
    const domid = sched.vms.find((v) => v.name === WEB)!.domid;
    const plan = (await callApiFromNode(app, 'planMicroslice', { hostId: 'demo', domid })) as {
      proposedMs: number;
    };
    const sw = (await callApiFromNode(app, 'switchClass', {
      hostId: 'demo',
      domid,
      microsliceMs: plan.proposedMs,
    })) as { state: string };
    expect(sw.state).toBe('done');
    const switched = Date.now();
    await expect
      .poll(() => prom.value(`vslicer_vm_info{vm="${WEB}",class="LSVM"}`), {
        timeout: 15_000,
        intervals: [1000],
      })
      .toBe(1);
    // Once the 30 s window holds only LSVM rounds, the median is at most half of what it was.
    await new Promise((r) => setTimeout(r, Math.max(0, 32_000 - (Date.now() - switched))));
    let after = NaN;
    await expect
      .poll(
        async () => {
          after = await prom.value(MEDIAN);
          return after <= 0.5 * before;
        },
        { timeout: 30_000, intervals: [2000] },
      )
      .toBe(true);
    console.log(
      `PromQL median RTT of ${WEB}: ${(before * 1000).toFixed(1)} ms as an NLSVM, ${(after * 1000).toFixed(1)} ms as an LSVM`,
    );
    expect(
      await prom.value('sum(vslicer_host_class_switches_total{result="done"})'),
    ).toBeGreaterThanOrEqual(1);
  });

  test('every query of the Grafana dashboard and of the alert rules returns data', async () => {
    test.setTimeout(120_000);
    // A switch the host refuses, so the failed-switch series exist too.
    await callApiFromNode(app, 'setDemoBehaviour', { rejectSwitches: true });
    const sched = (await callApiFromNode(app, 'getSched', { hostId: 'demo' })) as {
      vms: { name: string; domid: number }[];
    };
    const voip = sched.vms.find((v) => v.name === 'voip-gw')!;
    const refused = (await callApiFromNode(app, 'switchClass', {
      hostId: 'demo',
      domid: voip.domid,
      microsliceMs: 5,
    })) as { state: string };
    expect(refused.state).toBe('failed');
    await callApiFromNode(app, 'setDemoBehaviour', { rejectSwitches: false });
    await new Promise((r) => setTimeout(r, 3000));

    // As Grafana asks: a range query over the test's time, its variables and intervals filled in.
    const vars = { host: 'demo', vm: WEB, __rate_interval: '30s', __interval: '5s', __range: '5m' };
    const empty: string[] = [];
    for (const q of dashboardQueries(JSON.parse(readFileSync(DASHBOARD, 'utf8')))) {
      const expr = toPromQL(q.expr, vars);
      const result = await prom.range(expr, startedAt, Date.now(), 1);
      const points = result.reduce((n, r) => n + r.values.length, 0);
      if (points === 0) empty.push(`${q.kind} "${q.where}": ${expr}`);
    }
    expect(empty, 'dashboard queries without data').toEqual([]);

    const rules = await prom.rules();
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      expect(rule.health, `${rule.name}: ${rule.lastError ?? ''}`).toBe('ok');
      if (rule.type === 'recording') {
        if ((await prom.query(rule.name)).length === 0) empty.push(`recording ${rule.name}`);
        continue;
      }
      // An alert is a comparison; with `bool` it answers 0 or 1 wherever both sides have data.
      const comparisons = rule.query.match(/ (==|!=|>=|<=|>|<) /g) ?? [];
      expect(comparisons, rule.name).toHaveLength(1);
      const judged = rule.query.replace(/ (==|!=|>=|<=|>|<) /, ' $1 bool ');
      if ((await prom.query(judged)).length === 0) empty.push(`alert ${rule.name}: ${judged}`);
    }
    expect(empty, 'rule queries without data').toEqual([]);
  });
});
