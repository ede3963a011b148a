import { expect, test } from './fixtures';
import { AdvicePanel, parsePredictedMedian } from './pages/advice-panel';
import { ConsolePage } from './pages/console-page';

// The demo host's I/O-bound guests (web-frontend, voip-gw) wait behind the others' slices; its
// CPU-bound ones (batch-worker, db-report, video-encode) gain nothing from microslices.
const WAITING = ['web-frontend', 'voip-gw'];
const CPU_BOUND = ['batch-worker', 'db-report', 'video-encode'];

test('the advisor ranks a waiting VM first and a CPU-bound one last, and its prediction holds within ±30 % after the switch', async ({
  appPage,
}, testInfo) => {
  test.setTimeout(360_000);
  const ui = new ConsolePage(appPage);
  const advice = new AdvicePanel(appPage);
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });
  // Twenty seconds of xentop samples and probe rounds: the evidence.
  await appPage.waitForTimeout(20_000);
  await advice.refresh.click();
  await expect(advice.entries()).toHaveCount(5, { timeout: 20_000 });
  const order = await advice.order();
  const top = order[0]!;
  expect(WAITING).toContain(top.vm);
  expect(top.verdict).toBe('candidate');
  expect(order.at(-1)!.verdict).toBe('cpu-bound');
  expect(CPU_BOUND).toContain(order.at(-1)!.vm);
  for (const vm of CPU_BOUND)
    await expect(advice.entry(vm)).toHaveAttribute('data-verdict', 'cpu-bound');

  await expect(advice.predictedMedian(top.vm)).toBeVisible({ timeout: 30_000 });
  const predicted = parsePredictedMedian(await advice.predictedMedian(top.vm).innerText());
  expect(predicted.asLsvm).toBeLessThan(predicted.now / 2);
  await advice.root.scrollIntoViewIfNeeded();
  await appPage.screenshot({ path: testInfo.outputPath('advice-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('advice-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });

  // The switch dialog shows the same prediction before the click.
  await advice.reviewSwitch(top.vm).click();
  await expect(ui.switchDialog).toBeVisible();
  await expect(ui.switchCommand).toHaveText(/^xl sched-vslicer -d \d+ -m \d+$/, {
    timeout: 10_000,
  });
  const inDialog = ui.switchDialog.getByTestId('predicted-median');
  await expect(inDialog).toBeVisible({ timeout: 30_000 });
  expect(parsePredictedMedian(await inDialog.innerText())).toEqual(predicted);
  await appPage.screenshot({ path: testInfo.outputPath('switch-dialog-prediction-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('switch-dialog-prediction-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });
  await ui.switchButton('Switch to LSVM').click();
  await expect(ui.switchStatus).toContainText(`Done: ${top.vm} is now`, { timeout: 15_000 });
  await ui.switchButton('Close').click();

  // Predicted against observed: once 400 RTTs came in after the switch, within ±30 %. The LSVM's
  // RTTs spread nearly evenly over 0–30 ms, so the median of 200 strays by up to 32 % between
  // seeds (2 runs in 300 outside the band in the engine's own runs); that of 400, by up to 27 %.
  await expect(advice.checks).toHaveCount(1, { timeout: 10_000 });
  await expect
    .poll(async () => (await advice.check(top.vm)).count, { timeout: 240_000, intervals: [2000] })
    .toBeGreaterThanOrEqual(400);
  const check = await advice.check(top.vm);
  expect(check.predicted).toBeCloseTo(predicted.asLsvm, 1);
  testInfo.annotations.push({
    type: 'prediction',
    description: `${top.vm}: predicted p50 ${check.predicted} ms, observed ${check.observed} ms over ${check.count} RTTs`,
  });
  expect(Math.abs(check.predicted - check.observed) / check.observed).toBeLessThanOrEqual(0.3);
  await advice.checks.first().scrollIntoViewIfNeeded();
  await appPage.screenshot({ path: testInfo.outputPath('advice-checked-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('advice-checked-dark.png') });
});
