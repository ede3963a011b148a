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
  // The layers are drawn on a thread of their own in Chromium (share-raster.ts), and they show.
  if (testInfo.project.name === 'web')
    await expect(ui.shareChart).toHaveAttribute('data-raster', 'thread');
  await expect
    .poll(() => ui.shareChart.locator('canvas').evaluate(colouredPixels), { timeout: 5_000 })
    .toBeGreaterThan(500);
  await ui.shareChart.scrollIntoViewIfNeeded();
  await ui.shareChart.screenshot({ path: testInfo.outputPath('share-chart.png') });
  // Updated in place every second, never re-created (the chart keeps its id).
  await expect(ui.shareChart).toHaveAttribute('data-chart-id', chartId!);
  await expect(ui.host(/Demo host/)).toContainText('Live');
  const shot = testInfo.outputPath(`${testInfo.project.name}-demo-host.png`);
  await appPage.screenshot({ path: shot });
  await testInfo.attach('demo host', { path: shot, contentType: 'image/png' });
});

/** The canvas as the page has it (e2e code is typed without the DOM). */
interface PageCanvas {
  width: number;
  height: number;
  getContext(id: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
}

/** Pixels of the canvas in colour (the layers; axes, grid and text are grey). */
function colouredPixels(element: unknown): number {
  const canvas = element as PageCanvas;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
    if (a > 0 && Math.abs(r - g) + Math.abs(g - b) + Math.abs(b - r) > 90) n++;
  }
  return n;
}
