import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostConfigInputSchema } from '../common/host-config';
import { MemorySecretStore } from '../common/secret-store';
import { HostConfigStore } from './config/host-config-store';
import { HostRegistry } from './host-registry';
import { PromptBroker } from './prompt-broker';
import { openTrustStore } from './connection/ssh-connector';

async function registry(
  dataDir: string,
  events: Array<{ name: string; payload: unknown }>,
  logs: string[],
) {
  const publish = (e: { name: string; payload: unknown }) => events.push(e);
  const secrets = new MemorySecretStore();
  return {
    secrets,
    reg: new HostRegistry({
      publish,
      onSample: () => {},
      onLatency: () => {},
      onWaits: () => {},
      log: (l) => logs.push(l),
      store: new HostConfigStore(dataDir),
      ssh: {
        trustStore: await openTrustStore(dataDir),
        prompts: new PromptBroker(publish),
        secrets,
        homeDir: dataDir,
      },
    }),
  };
}

// Port 1 on loopback: nothing listens, so connection attempts fail fast and harmlessly.
const config = HostConfigInputSchema.parse({
  name: 'Rack 7 dom0',
  address: '127.0.0.1',
  port: 1,
  user: 'root',
});

describe('HostRegistry', () => {
  const open: HostRegistry[] = [];
  afterEach(() => open.splice(0).forEach((r) => r.closeAll()));

  it('persists added hosts without secrets and loads them on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vslicer-reg-'));
    const events: Array<{ name: string; payload: unknown }> = [];
    const { reg, secrets } = await registry(dir, events, []);
    open.push(reg);
    await secrets.set('x:password:root@127.0.0.1:1', 'hunter2', false);
    const added = await reg.add(config);
    expect(added.id).toMatch(/^rack-7-dom0-[0-9a-f]{6}$/);
    expect(added.target).toBe('root@127.0.0.1:1');
    expect(events.some((e) => e.name === 'hostsChanged')).toBe(true);
    const file = readFileSync(join(dir, 'hosts.json'), 'utf8');
    expect(JSON.parse(file).hosts[0]).toMatchObject({
      name: 'Rack 7 dom0',
      address: '127.0.0.1',
      port: 1,
    });
    expect(file).not.toContain('hunter2');

    const next = await registry(dir, [], []);
    open.push(next.reg);
    await next.reg.loadSaved();
    expect(next.reg.list().map((h) => h.name)).toEqual(['Rack 7 dom0']);
    await next.reg.remove(added.id);
    expect(JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')).hosts).toEqual([]);
  });

  it('skips a damaged saved entry with a reason and keeps the good ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vslicer-reg-'));
    const good = { ...config, id: 'good-000001' };
    writeFileSync(
      join(dir, 'hosts.json'),
      JSON.stringify({ version: 1, hosts: [good, { id: 'bad', address: 'a b' }] }),
    );
    const logs: string[] = [];
    const { reg } = await registry(dir, [], logs);
    open.push(reg);
    await reg.loadSaved();
    expect(reg.list().map((h) => h.id)).toEqual(['good-000001']);
    expect(logs.join('\n')).toMatch(/entry 2.*skipped/);
  });

  it('refuses to re-pin when no key change is pending, and unknown hosts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vslicer-reg-'));
    const { reg } = await registry(dir, [], []);
    open.push(reg);
    const added = await reg.add(config);
    await expect(reg.repin(added.id)).rejects.toMatchObject({ code: 'nothing-to-repin' });
    await expect(reg.remove('nope')).rejects.toMatchObject({ code: 'unknown-host' });
  });
});
