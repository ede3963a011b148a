import { ConsolePage } from './pages/console-page';
import { expect, test } from './fixtures';

test('the demo host is selected on first start and its five VMs show live CPU values', async ({
  appPage,
}, testInfo) => {
  const ui = new ConsolePage(appPage);
  await expect(ui.host(/Demo host/)).toHaveAttribute('aria-current', 'page');
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 10_000 });
  await expect(ui.vmTable.locator('tr[data-vm="Domain-0"]')).toBeVisible();

  // Wait for a measured frame (the first xentop frame has no CPU %), then for the next one.
  await expect
    .poll(async () => (await ui.guestCpuTexts()).every((t) => t.endsWith('%')), {
      timeout: 5_000,
    })
    .toBe(true);
  const chartId = await ui.shareChart.getAttribute('data-chart-id');
  expect(chartId).not.toBeNull();
  const before = await ui.guestCpuTexts();
  await expect
    .poll(async () => (await ui.guestCpuTexts()).join('|'), { timeout: 3_000, intervals: [250] })
    .not.toBe(before.join('|'));

  await expect(ui.shareChart.locator('canvas')).toBeVisible();
  // Updated in place every second, never re-created (the chart keeps its id).
  await expect(ui.shareChart).toHaveAttribute('data-chart-id', chartId!);
  await expect(ui.host(/Demo host/)).toContainText('Live');
  const shot = testInfo.outputPath(`${testInfo.project.name}-demo-host.png`);
  await appPage.screenshot({ path: shot });
  await testInfo.attach('demo host', { path: shot, contentType: 'image/png' });
});
