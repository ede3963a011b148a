// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { domain, hostSample, vmSched } from '../testing/fixtures';
import VmTable from './VmTable.vue';

const sample = hostSample([
  domain('Domain-0', { share: null, cpuPct: 3 }),
  domain('web-fronte', { cpuPct: 40, share: 0.4 }), // xentop's 10-byte name
  domain('voip-gw', { cpuPct: 30, share: 0.3 }),
  domain('batch', { cpuPct: 30, share: 0.3 }),
]);
const vms = [
  vmSched(0, 'Domain-0'),
  vmSched(1, 'web-frontend', { vmClass: 'LSVM', microsliceMs: 5, weight: 512 }),
  vmSched(2, 'voip-gw'),
  vmSched(3, 'batch'),
];

function table(over: Record<string, unknown> = {}) {
  return mount(VmTable, {
    props: {
      sample,
      vms,
      guestPcpus: 1,
      latency: new Map([
        ['web-frontend', { p50: 12, p99: 35 }],
        ['voip-gw', { p50: 80, p99: 118 }],
      ]),
      selected: null,
      switchDisabledReason: null,
      switching: new Set<string>(),
      probeProblems: new Map([['batch', 'No address: enter one.']]),
      ...over,
    },
  });
}
const order = (w: ReturnType<typeof table>) =>
  w.findAll('tbody tr[data-vm]').map((r) => r.attributes('data-vm'));

describe('VmTable', () => {
  it('joins xentop rows with the scheduler listing by name, even a truncated one', () => {
    const w = table();
    const web = w.get('tr[data-vm="web-frontend"]');
    expect(web.find('.class-badge').text()).toBe('LSVM');
    expect(web.text()).toContain('5 ms');
    expect(web.find('td.cpu').text()).toBe('40.0 %');
    expect(web.find('td.p50').text()).toBe('12.0 ms');
    expect(web.get('button.class-toggle').attributes('aria-pressed')).toBe('true');
    expect(w.get('tr[data-vm="voip-gw"] button.class-toggle').attributes('aria-pressed')).toBe(
      'false',
    );
    expect(w.get('tr[data-vm="batch"]').text()).toContain('no address');
    expect(w.find('tr[data-vm="Domain-0"] button').exists()).toBe(false);
  });

  it('puts the fair-share tick at weight / Σ guest weights', () => {
    const w = table();
    // Guests' weights 512 + 256 + 256: web's fair share is 50 %, the others 25 %. The bar's
    // scale is 0–70 % (the largest share or fair share, 50 %, plus a quarter, rounded up to
    // 10 %), so the ticks sit at 50/70 and 25/70 of it.
    const tick = (vm: string) =>
      w.get(`tr[data-vm="${vm}"] [data-testid="fair-tick"]`).attributes('style');
    expect(tick('web-frontend')).toContain(`left: ${(0.5 / 0.7) * 100}%`);
    expect(tick('voip-gw')).toContain(`left: ${(0.25 / 0.7) * 100}%`);
    expect(w.get('tr[data-vm="web-frontend"] [role="meter"]').attributes('aria-label')).toMatch(
      /fair share 50\.0 %/,
    );
  });

  it('sorts by any column with aria-sort, Domain-0 first, and filters by name or class', async () => {
    const w = table();
    expect(order(w)).toEqual(['Domain-0', 'batch', 'voip-gw', 'web-frontend']);
    const header = (label: string) =>
      w.findAll('thead th').find((th) => th.text().startsWith(label))!;
    await header('RTT p50').get('button').trigger('click');
    expect(header('RTT p50').attributes('aria-sort')).toBe('descending');
    expect(header('Name').attributes('aria-sort')).toBe('none');
    expect(order(w)).toEqual(['Domain-0', 'voip-gw', 'web-frontend', 'batch']);
    await header('RTT p50').get('button').trigger('click');
    expect(header('RTT p50').attributes('aria-sort')).toBe('ascending');
    expect(order(w)).toEqual(['Domain-0', 'web-frontend', 'voip-gw', 'batch']);
    await header('CPU').get('button').trigger('click');
    expect(order(w)).toEqual(['Domain-0', 'web-frontend', 'batch', 'voip-gw']);

    const filter = w.get('input[type="search"]');
    await filter.setValue('lsvm');
    expect(order(w)).toEqual(['web-frontend']);
    await filter.setValue('NLSVM');
    expect(order(w)).toEqual(['batch', 'voip-gw']);
    await filter.setValue('voip');
    expect(order(w)).toEqual(['voip-gw']);
    await filter.setValue('nothing-like-it');
    expect(w.text()).toContain('No VM matches');
  });

  it('toggles with a click or L on a focused row, and not when switching is off', async () => {
    const w = table();
    await w.get('tr[data-vm="voip-gw"] button.class-toggle').trigger('click');
    await w.get('tr[data-vm="batch"]').trigger('keydown', { key: 'l' });
    expect(w.emitted('toggle')).toEqual([['voip-gw'], ['batch']]);
    await w.get('tr[data-vm="batch"]').trigger('click');
    expect(w.emitted('select')?.at(-1)).toEqual(['batch']);

    const off = table({ switchDisabledReason: 'credit2 has no microslices.' });
    const toggle = off.get('tr[data-vm="voip-gw"] button.class-toggle');
    expect(toggle.attributes('disabled')).toBeDefined();
    expect(toggle.attributes('title')).toBe('credit2 has no microslices.');
    await off.get('tr[data-vm="voip-gw"]').trigger('keydown', { key: 'L' });
    expect(off.emitted('toggle')).toBeUndefined();
  });

  it('leaves a row out of sight as it was, and brings it up to date when it scrolls into view', async () => {
    /** An IntersectionObserver the test reports through, as the browser would on a scroll. */
    let report: (rows: string[], onScreen: boolean) => void = () => {};
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        readonly rows = new Map<string, Element>();
        constructor(callback: (entries: Partial<IntersectionObserverEntry>[]) => void) {
          report = (names, isIntersecting) =>
            callback(names.map((n) => ({ target: this.rows.get(n), isIntersecting })));
        }
        observe(row: HTMLElement) {
          this.rows.set(row.dataset.vm ?? '', row);
        }
        unobserve() {}
        disconnect() {}
      },
    );
    try {
      const w = table();
      const cpu = (vm: string) => w.get(`tr[data-vm="${vm}"] td.cpu`).text();
      report(['batch'], false);
      report(['voip-gw'], true);
      await w.vm.$nextTick();
      await w.setProps({
        sample: hostSample([
          domain('Domain-0', { share: null, cpuPct: 3 }),
          domain('web-fronte', { cpuPct: 20, share: 0.2 }),
          domain('voip-gw', { cpuPct: 25, share: 0.25 }),
          domain('batch', { cpuPct: 55, share: 0.55 }),
        ]),
      });
      expect(cpu('voip-gw')).toBe('25.0 %');
      expect(cpu('web-frontend')).toBe('20.0 %');
      expect(cpu('batch')).toBe('30.0 %');
      report(['batch'], true);
      await w.vm.$nextTick();
      expect(cpu('batch')).toBe('55.0 %');
      expect(w.get('tr[data-vm="batch"] [role="meter"]').attributes('aria-label')).toMatch(
        /^batch: 55\.0 %/,
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
