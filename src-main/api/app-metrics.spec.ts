import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSample } from '../common/model';
import { createAppCore, type AppCore } from './app';

/** The exposition wired into the core: the demo host's figures reach /metrics as they arrive. */
describe('metrics of the core on the demo host', () => {
  let core: AppCore;
  let latest: HostSample | null = null;
  beforeAll(async () => {
    core = await createAppCore({ mode: 'web', version: 'test', dataDir: null, log: () => {} });
    core.subscribe((e) => {
      if (e.name === 'hostSample') latest = e.payload;
    });
    core.start();
    const r = await core.dispatch('setProbeSettings', {
      hostId: 'demo',
      settings: { intervalSec: 1, count: 5 },
    });
    expect(r.ok).toBe(true);
  });
  afterAll(() => core.stop());

  it('exposes every guest’s share as the latest sample has it, and ping RTT histograms', async () => {
    let text = '';
    for (
      let i = 0;
      i < 100 &&
      !/vslicer_vm_ping_rtt_seconds_count\{host="demo",vm="web-frontend"\} [1-9]/.test(text);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      text = await core.metrics.scrape();
    }
    expect(text).toMatch(/^vslicer_host_up\{host="demo"\} 1$/m);
    // The demo's emulated xl answers `xl list -v` as a dom0 does: the UUID rides on _info only.
    expect(text).toMatch(
      /^vslicer_vm_info\{host="demo",vm="web-frontend",class="NLSVM",uuid="[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"\} 1$/m,
    );
    expect(text.match(/uuid="/g)?.length).toBe(text.match(/^vslicer_vm_info\{/gm)?.length);
    // One scrape against the sample it read: the share is the dashboard's number, not a recomputation.
    text = await core.metrics.scrape();
    const sample = latest!;
    for (const d of sample.domains.filter((x) => x.share !== null)) {
      expect(text).toContain(`vslicer_vm_cpu_share_ratio{host="demo",vm="${d.name}"} ${d.share}\n`);
    }
    expect(text).toMatch(/^vslicer_host_fairness_jain_ratio\{host="demo"\} 0\.\d+|1$/m);
    expect(text.endsWith('# EOF\n')).toBe(true);
  }, 30_000);
});
