import { createServer, type Server } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricsTransport } from '../web/metrics-transport';
import { createAppCore } from './app';
import { MetricsSharing, METRICS_SHARING_FILE, OWN_TOKEN_FILE } from './metrics-sharing';

const endpoint = {
  contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
  observe: () => {},
  scrape: async () => 'vslicer_test 1\n# EOF\n',
  scrapeParts: async () => ['vslicer_test 1\n', '# EOF\n'],
};

/** A free loopback port, found by binding 0 and letting it go. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const scrape = (url: string, token: string) =>
  fetch(url, { headers: { Authorization: `Bearer ${token}` } });

/** The desktop's opt-in /metrics, with web's real listener and no Electron. */
describe('metrics sharing (Settings)', () => {
  let dir: string;
  let sharing: MetricsSharing;
  let logs: string[];
  const open = () => new MetricsSharing(dir, endpoint, metricsTransport, (l) => logs.push(l));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vslicer-sharing-'));
    logs = [];
    sharing = open();
  });
  afterEach(async () => {
    await sharing.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is off by default: no listener, no token file', async () => {
    await sharing.resume();
    expect(sharing.state()).toMatchObject({
      available: true,
      enabled: false,
      url: null,
      tokenFile: null,
      newToken: null,
    });
    await expect(stat(join(dir, OWN_TOKEN_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('turned on: writes the token 0600, shows it once, and serves /metrics behind it', async () => {
    const port = await freePort();
    const on = await sharing.set({ enabled: true, port });
    const tokenPath = join(dir, OWN_TOKEN_FILE);
    expect(on).toMatchObject({
      enabled: true,
      url: `http://127.0.0.1:${port}/metrics`,
      tokenFile: tokenPath,
      ownTokenFile: true,
    });
    expect(on.newToken).toMatch(/^\S{16,}$/);
    expect((await stat(tokenPath)).mode & 0o777).toBe(0o600);
    expect((await readFile(tokenPath, 'utf8')).trim()).toBe(on.newToken);
    // Shown once: no later answer carries it.
    expect(sharing.state().newToken).toBeNull();
    expect((await fetch(on.url!)).status).toBe(401);
    const ok = await scrape(on.url!, on.newToken!);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('vslicer_test 1');

    // Kept across a restart: the next start serves again with the same token file.
    await sharing.stop();
    sharing = open();
    await sharing.resume();
    expect(sharing.state()).toMatchObject({ enabled: true, url: on.url, newToken: null });
    expect((await scrape(on.url!, on.newToken!)).status).toBe(200);
  });

  it('moved to another port while on: the same token, the old port closed', async () => {
    const on = await sharing.set({ enabled: true, port: await freePort() });
    const moved = await sharing.set({ enabled: true, port: await freePort() });
    expect(moved.url).not.toBe(on.url);
    expect(moved.newToken).toBeNull();
    expect((await scrape(moved.url!, on.newToken!)).status).toBe(200);
    await expect(fetch(on.url!)).rejects.toThrow();
    // Moved on to the operator's file: the app's own token file goes.
    const file = join(dir, 'prometheus.token');
    await writeFile(file, 'operator-token-0123456789\n', { mode: 0o600 });
    await sharing.set({ enabled: true, tokenFile: file });
    await expect(stat(join(dir, OWN_TOKEN_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('turned off: stops the listener and removes its own token', async () => {
    const on = await sharing.set({ enabled: true, port: await freePort() });
    const off = await sharing.set({ enabled: false });
    expect(off).toMatchObject({ enabled: false, url: null, tokenFile: null });
    await expect(fetch(on.url!)).rejects.toThrow();
    await expect(stat(join(dir, OWN_TOKEN_FILE))).rejects.toThrow(/ENOENT/);
    const saved = JSON.parse(await readFile(join(dir, METRICS_SHARING_FILE), 'utf8'));
    expect(saved).toMatchObject({ enabled: false });
    expect(JSON.stringify(saved)).not.toContain(on.newToken!);
  });

  it('a port in use is a clear refusal; nothing is turned on and no token is left', async () => {
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(sharing.set({ enabled: true, port })).rejects.toMatchObject({
        code: 'port-in-use',
        message: `Port ${port} on 127.0.0.1 is already in use by another program; choose another port.`,
      });
      expect(sharing.state()).toMatchObject({ enabled: false, url: null });
      await expect(stat(join(dir, OWN_TOKEN_FILE))).rejects.toThrow(/ENOENT/);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it('uses the operator’s own token file, never shows or removes it, and refuses an open one', async () => {
    const file = join(dir, 'prometheus.token');
    await writeFile(file, 'operator-token-0123456789\n', { mode: 0o644 });
    await expect(
      sharing.set({ enabled: true, port: await freePort(), tokenFile: file }),
    ).rejects.toMatchObject({
      code: 'bad-token-file',
      message: expect.stringMatching(/may be read by others \(mode 644\); chmod 600 it/),
    });
    await rm(file);
    await writeFile(file, 'operator-token-0123456789\n', { mode: 0o600 });
    const on = await sharing.set({ enabled: true, port: await freePort(), tokenFile: file });
    expect(on).toMatchObject({ tokenFile: file, ownTokenFile: false, newToken: null });
    expect((await scrape(on.url!, 'operator-token-0123456789')).status).toBe(200);
    await sharing.set({ enabled: false });
    expect((await readFile(file, 'utf8')).trim()).toBe('operator-token-0123456789');
  });

  it('left on with its port now taken: says so at start-up instead of failing the app', async () => {
    const port = await freePort();
    await sharing.set({ enabled: true, port });
    await sharing.stop();
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', () => r()));
    try {
      sharing = open();
      await sharing.resume();
      expect(sharing.state()).toMatchObject({ enabled: true, url: null });
      expect(sharing.state().error).toMatch(/Port \d+ on 127\.0\.0\.1 is already in use/);
      expect(logs.join('\n')).toMatch(/on but not served/);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it('in web mode the switch does not apply and says where /metrics is instead', async () => {
    const core = await createAppCore({ mode: 'web', version: 't', dataDir: null, log: () => {} });
    const state = await core.dispatch('getMetricsSharing', {});
    expect(state).toMatchObject({ ok: true, value: { available: false } });
    expect(JSON.stringify(state)).toMatch(/web server serves \/metrics itself/);
    const set = await core.dispatch('setMetricsSharing', { enabled: true });
    expect(set).toMatchObject({ ok: false, error: { code: 'not-available' } });
    core.stop();
  });
});
