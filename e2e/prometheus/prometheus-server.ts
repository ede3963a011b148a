import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Prometheus (package `prometheus`), as .ci/run installs it. */
export const PROMETHEUS = '/usr/bin/prometheus';
export const hasPrometheus = (): boolean => existsSync(PROMETHEUS);

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromRange {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface PromRule {
  type: 'recording' | 'alerting';
  name: string;
  query: string;
  health: string;
  lastError?: string;
}

/** A private Prometheus on a free loopback port, with its own data directory. */
export interface PrometheusServer {
  url: string;
  /** An instant query; the vector it returns (empty: no data). */
  query(expr: string): Promise<PromSample[]>;
  /** The first value of a query, or NaN when it returns nothing. */
  value(expr: string): Promise<number>;
  /** A range query, one point per `stepSec`, as Grafana asks for a panel or annotations. */
  range(expr: string, startMs: number, endMs: number, stepSec: number): Promise<PromRange[]>;
  /** The rules Prometheus loaded, as it evaluates them. */
  rules(): Promise<PromRule[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * Starts Prometheus scraping `target` (`127.0.0.1:PORT`) every second with the bearer token in
 * `tokenFile`, evaluating `ruleFiles` every second, and waits until it is ready.
 */
export async function startPrometheus(
  target: string,
  tokenFile: string,
  ruleFiles: readonly string[] = [],
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vslicer-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      `rule_files: ${JSON.stringify(ruleFiles)}`,
      'scrape_configs:',
      '  - job_name: vslicer',
      '    scrape_timeout: 1s',
      '    authorization:',
      '      type: Bearer',
      `      credentials_file: ${tokenFile}`,
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`prometheus not ready in 30 s: ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const api = async <T>(path: string, params: Record<string, string | number> = {}): Promise<T> => {
    const search = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const r = await fetch(`${url}/api/v1/${path}?${search}`);
    const body = (await r.json()) as { status: string; error?: string; data?: T };
    if (body.status !== 'success') throw new Error(`${path} ${search}: ${body.error}`);
    return body.data!;
  };
  const query = async (expr: string) =>
    (await api<{ result: PromSample[] }>('query', { query: expr })).result;
  return {
    url,
    query,
    value: async (expr) => {
      const [first] = await query(expr);
      return first ? Number(first.value[1]) : NaN;
    },
    range: async (expr, startMs, endMs, stepSec) =>
      (
        await api<{ result: PromRange[] }>('query_range', {
          query: expr,
          start: startMs / 1000,
          end: endMs / 1000,
          step: stepSec,
        })
      ).result,
    rules: async () =>
      (await api<{ groups: { rules: PromRule[] }[] }>('rules')).groups.flatMap((g) => g.rules),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
