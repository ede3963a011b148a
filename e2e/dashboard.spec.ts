import { callApi } from './api-call';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console-page';

// The operator's reason to open the app: find the VM that suffers CPU-access latency,
// make it an LSVM in one click, and see the effect within seconds.
const WEB = 'web-frontend';

async function switchVia(
  ui: ConsolePage,
  vm: string,
  button: 'Switch to LSVM' | 'Switch to NLSVM',
) {
  await ui.classToggle(vm).click();
  await expect(ui.switchDialog).toBeVisible();
  await expect(ui.switchCommand).toHaveText(/^xl sched-vslicer -d \d+ -m \d+$/, {
    timeout: 10_000,
  });
  await ui.switchButton(button).click();
}

test('making the web VM an LSVM halves its median RTT within 20 s, and switching back undoes it', async ({
  appPage,
}, testInfo) => {
  test.setTimeout(180_000);
  const ui = new ConsolePage(appPage);
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });
  await ui.vmRow(WEB).click();
  await expect(ui.latencyPanel(WEB)).toBeVisible();
  // Ten seconds of probes as an NLSVM, so "before" is a real distribution.
  await appPage.waitForTimeout(10_000);
  await expect
    .poll(() => ui.latencyStatMs(WEB, 'p50', 'recent'), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await appPage.screenshot({ path: testInfo.outputPath('host-view-before-light.png') });

  await switchVia(ui, WEB, 'Switch to LSVM');
  await expect(ui.switchStatus).toContainText(`Done: ${WEB} is now`, { timeout: 15_000 });
  await ui.switchButton('Close').click();
  await expect(ui.classBadge(WEB)).toHaveText('LSVM');
  await expect(ui.historyEntry(WEB).first()).toBeVisible();

  await expect
    .poll(
      async () => {
        const before = await ui.latencyStatMs(WEB, 'p50', 'before');
        const after = await ui.latencyStatMs(WEB, 'p50', 'after');
        return after <= before * 0.5;
      },
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(true);
  await expect(ui.latencyVerdict(WEB)).toBeVisible();
  // The hypervisor's view of the same: as an NLSVM it waited for the four others' 30 ms slices;
  // as an LSVM every wait is within the planner's worst case, 30 ms (its bucket ends at 32.8 ms).
  await expect
    .poll(async () => Number.isNaN(await ui.waitStatMs(WEB, 'max', 'after')), {
      timeout: 20_000,
      intervals: [1000],
    })
    .toBe(false);
  expect(await ui.waitStatMs(WEB, 'p50', 'before')).toBeGreaterThan(60);
  expect(await ui.waitStatMs(WEB, 'max', 'after')).toBeLessThanOrEqual(32.8);
  await appPage.screenshot({ path: testInfo.outputPath('latency-after-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('latency-after-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });

  await switchVia(ui, WEB, 'Switch to NLSVM');
  await expect(ui.switchStatus).toContainText(`Done: ${WEB} is now`, { timeout: 15_000 });
  await ui.switchButton('Close').click();
  await expect(ui.classBadge(WEB)).toHaveText('NLSVM');
  // Now "before" is the LSVM period and "after" the NLSVM one: the latency comes back.
  await expect
    .poll(
      async () =>
        (await ui.latencyStatMs(WEB, 'p50', 'after')) >=
        2 * (await ui.latencyStatMs(WEB, 'p50', 'before')),
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(true);
});

test('a switch the host refuses shows its error and leaves the class unchanged', async ({
  appPage,
}, testInfo) => {
  test.setTimeout(60_000);
  const ui = new ConsolePage(appPage);
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });
  await callApi(appPage, 'setDemoBehaviour', { rejectSwitches: true });
  await switchVia(ui, 'voip-gw', 'Switch to LSVM');
  await expect(ui.switchError).toContainText('still an NLSVM', { timeout: 15_000 });
  await expect(ui.switchHostReply).toContainText('reject class switches');
  await appPage.screenshot({ path: testInfo.outputPath('switch-refused.png') });
  await ui.switchButton('Close').click();
  await expect(ui.classBadge('voip-gw')).toHaveText('NLSVM');
});

test('the overview shows every host at a glance, in light and dark', async ({
  appPage,
}, testInfo) => {
  const ui = new ConsolePage(appPage);
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });
  await appPage.getByRole('button', { name: /Overview/ }).click();
  const card = appPage.getByRole('button', { name: /Demo host/ }).last();
  await expect(card).toBeVisible();
  await appPage.screenshot({ path: testInfo.outputPath('overview-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('overview-dark.png') });
});
