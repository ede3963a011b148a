// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { useSchedStore } from './sched-store';
import { useAdviceStore } from '../advice/advice-store';
import type { FakeApi } from '../testing/fake-api';
import {
  advice,
  classSwitch,
  hostSched,
  microslicePlan,
  vmSched,
  whatIf,
} from '../testing/fixtures';
import SwitchDialog from './SwitchDialog.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const web = vmSched(1, 'web-frontend');
const q = <T extends Element>(sel: string) => document.querySelector<T>(sel);
const button = (name: RegExp) =>
  [...document.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) =>
    name.test(b.textContent ?? ''),
  );

describe('SwitchDialog', () => {
  let wrapper: ReturnType<typeof mount> | null = null;

  async function open(vm = web) {
    const store = useSchedStore();
    await store.follow('xen1');
    fake.respond('listPredictionChecks', () => []);
    await useAdviceStore().follow('xen1');
    wrapper = mount(SwitchDialog, { props: { vm }, attachTo: document.body });
    await flushPromises();
  }

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    localStorage.clear();
    fake.respond('getSched', () => hostSched([web, vmSched(2, 'voip-gw')]));
    fake.respond('listClassSwitches', () => []);
    fake.respond('planMicroslice', () => microslicePlan());
    fake.respond('predictSwitch', ({ domid, microsliceMs }) => whatIf(domid, microsliceMs));
    fake.respond('previewClassSwitch', ({ microsliceMs }) => ({
      argv: ['xl', 'sched-vslicer', '-d', '1', '-m', String(microsliceMs)],
      command: `xl sched-vslicer -d 1 -m ${microsliceMs}`,
    }));
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  it('selects the planner’s proposal, shows each option’s predicted latency and the exact command', async () => {
    await open();
    const checked = q<HTMLInputElement>('input[name="microslice"]:checked');
    expect(checked?.value).toBe('5');
    const options = [...document.querySelectorAll('.option')].map((o) => o.textContent ?? '');
    expect(options).toHaveLength(5);
    expect(options.find((o) => o.includes('proposed'))).toMatch(
      /5 ms.*worst case 35\.0 ms.*mean 20\.0 ms/s,
    );
    expect(q('[data-testid="switch-command"]')?.textContent).toBe('xl sched-vslicer -d 1 -m 5');
    // The engine's prediction for the chosen microslice, before the click.
    expect(q('[data-testid="predicted-median"]')?.textContent).toMatch(/^50\.0 ms.*→ 10\.0 ms/);
    expect(fake.callsOf('predictSwitch')).toEqual([{ hostId: 'xen1', domid: 1, microsliceMs: 5 }]);

    // Another option: its own command, previewed before anything runs.
    const two = q<HTMLInputElement>('input[name="microslice"][value="2"]')!;
    two.checked = true;
    two.dispatchEvent(new Event('change'));
    await flushPromises();
    expect(q('[data-testid="switch-command"]')?.textContent).toBe('xl sched-vslicer -d 1 -m 2');
    expect(fake.callsOf('switchClass')).toEqual([]);
  });

  it("asks the engine again when another VM's class changes while it is open", async () => {
    await open();
    expect(fake.callsOf('predictSwitch')).toHaveLength(1);
    fake.respond('getAdvice', () => advice({ ranking: [] })); // no candidate: only the dialog asks
    fake.emit(
      'hostSched',
      hostSched([web, vmSched(2, 'voip-gw', { vmClass: 'LSVM', microsliceMs: 5 })], { t: 2000 }),
    );
    await flushPromises();
    expect(fake.callsOf('predictSwitch')).toEqual([
      { hostId: 'xen1', domid: 1, microsliceMs: 5 },
      { hostId: 'xen1', domid: 1, microsliceMs: 5 },
    ]);
    expect(q('[data-testid="predicted-median"]')?.textContent).toMatch(/^50\.0 ms.*→ 10\.0 ms/);
  });

  it('shows a figure once when every option predicts the same, with the planner’s reason', async () => {
    const same = (ms: number) => ({
      microsliceMs: ms,
      worstCaseLatencyMs: 30,
      bestCaseLatencyMs: 30,
      meanLatencyMs: 30,
      contextSwitchRatio: 1.6,
      divides: ms === 5,
    });
    fake.respond('planMicroslice', () =>
      microslicePlan({ options: [1, 2, 3, 5].map(same), note: 'As the only LSVM it runs…' }),
    );
    await open();
    expect(q('[data-testid="same-for-all"]')?.textContent?.trim()).toBe(
      'Every microslice here: worst case 30.0 ms · mean 30.0 ms · 1.6× switches',
    );
    expect(q('[data-testid="plan-note"]')?.textContent).toBe('As the only LSVM it runs…');
    const options = [...document.querySelectorAll('.option')].map((o) => o.textContent ?? '');
    expect(options).toHaveLength(4);
    for (const o of options) expect(o).not.toMatch(/worst case|mean|switches/);
    expect(q<HTMLInputElement>('input[name="microslice"]:checked')?.value).toBe('5');
  });

  it('on failure shows the host’s text and that the class did not change', async () => {
    fake.respond('switchClass', () =>
      classSwitch('s1', {
        state: 'failed',
        error: 'The host refused the switch.',
        hostReply: 'xl: vslicer: operation not permitted',
        exitCode: 1,
      }),
    );
    await open();
    button(/Switch to LSVM/)!.click();
    await flushPromises();
    expect(fake.callsOf('switchClass')).toEqual([{ hostId: 'xen1', domid: 1, microsliceMs: 5 }]);
    const alert = q('dialog [role="alert"]');
    expect(alert?.textContent).toContain('web-frontend is still an NLSVM');
    expect(q('[data-testid="host-reply"]')?.textContent).toContain(
      'xl: vslicer: operation not permitted',
    );
    expect(useSchedStore().byName.get('web-frontend')?.vmClass).toBe('NLSVM');
    expect(button(/^Undo$/)).toBeUndefined();
  });

  it('shows progress while the switch runs, then offers an undo that calls undoClassSwitch', async () => {
    let finish!: (s: ReturnType<typeof classSwitch>) => void;
    fake.respond('switchClass', () => new Promise((resolve) => (finish = resolve)));
    fake.respond('undoClassSwitch', ({ switchId }) =>
      classSwitch('u1', {
        undoOf: switchId,
        from: { vmClass: 'LSVM', microsliceMs: 5 },
        to: { vmClass: 'NLSVM', microsliceMs: 0 },
      }),
    );
    await open();
    button(/Switch to LSVM/)!.click();
    await flushPromises();
    expect(q('dialog progress')).not.toBeNull();
    finish(classSwitch('s1'));
    await flushPromises();
    expect(q('dialog progress')).toBeNull();
    expect(q('dialog [role="status"]')?.textContent).toMatch(
      /now an LSVM with a 5 ms microslice \(read back: 5 ms\)/,
    );
    button(/^Undo$/)!.click();
    await flushPromises();
    expect(fake.callsOf('undoClassSwitch')).toEqual([{ switchId: 's1' }]);
    expect(q('dialog [role="status"]')?.textContent).toMatch(
      /Undone: web-frontend is an NLSVM again/,
    );
  });

  it('switches an LSVM back with microslice 0, after the same preview', async () => {
    fake.respond('switchClass', (req) =>
      classSwitch('s2', {
        to: { vmClass: 'NLSVM', microsliceMs: req.microsliceMs },
        from: { vmClass: 'LSVM', microsliceMs: 5 },
      }),
    );
    await open(vmSched(1, 'web-frontend', { vmClass: 'LSVM', microsliceMs: 5 }));
    expect(fake.callsOf('planMicroslice')).toEqual([]);
    expect(q('[data-testid="switch-command"]')?.textContent).toBe('xl sched-vslicer -d 1 -m 0');
    button(/Switch to NLSVM/)!.click();
    await flushPromises();
    expect(fake.callsOf('switchClass')).toEqual([{ hostId: 'xen1', domid: 1, microsliceMs: 0 }]);
  });

  it('says so plainly when the core has no planner yet', async () => {
    // No planMicroslice handler: the fake answers unknown-method, as a core without it would.
    fake.reset();
    fake.respond('getSched', () => hostSched([web]));
    fake.respond('listClassSwitches', () => []);
    await open();
    expect(q('dialog [role="alert"]')?.textContent).toMatch(/cannot do that yet/);
    expect(button(/Switch to LSVM/)?.disabled).toBe(true);
  });
});
