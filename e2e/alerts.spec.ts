import { expect, test } from './fixtures';
import { AlertsCard } from './pages/alerts-card';
import { ConsolePage } from './pages/console-page';

test('an alert fires on the demo host when a VM’s p99 bound is set low, shows in the list, and clears once the bound is raised', async ({
  appPage,
}, testInfo) => {
  test.setTimeout(120_000);
  const ui = new ConsolePage(appPage);
  const alerts = new AlertsCard(appPage);
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });
  await expect(alerts.root.getByText('No alert is raised on Demo host.')).toBeVisible();
  // Web mode asks for the browser's permission on the operator's click, not before.
  await appPage.context().grantPermissions(['notifications']);
  await alerts.root.getByRole('button', { name: 'Turn on desktop notifications' }).click();
  await expect(alerts.root.getByText('Desktop notifications on')).toBeVisible();

  // A wrong value is refused in the form, with the field named.
  await alerts.setVmRule('web-frontend', 'p99 RTT above a bound', {
    threshold: '-3',
    forSec: '2',
    keepFiringForSec: '3',
  });
  await expect(alerts.form.getByRole('alert')).toContainText('Threshold');

  // web-frontend waits behind four NLSVMs for tens of ms: a 1 ms bound is crossed at once.
  await alerts.setVmRule('web-frontend', 'p99 RTT above a bound', {
    threshold: '1',
    forSec: '2',
    keepFiringForSec: '3',
  });
  await expect(alerts.form.getByText('Changed from the defaults for this VM.')).toBeVisible();
  const raised = alerts.raised('web-frontend', 'rttP99High');
  await expect(raised).toBeVisible({ timeout: 30_000 });
  await expect(raised).toContainText(/web-frontend · p99 RTT above a bound\s*p99 RTT \d/);
  await expect(raised).toContainText('(bound 1.0 ms)');
  await expect(alerts.history.locator('li[data-state="raised"]').first()).toBeVisible();
  // Only that VM: the other guests keep the 100 ms default, which the demo host stays under
  // as far as this rule goes within the test's few seconds (5 min `for`).
  await expect(alerts.active.locator('li')).toHaveCount(1);
  await expect(appPage.locator('[data-host-id="demo"] .alerts')).toHaveText('1 alert raised');

  await alerts.root.scrollIntoViewIfNeeded();
  await appPage.screenshot({ path: testInfo.outputPath('host-view-alert-raised-light.png') });
  await alerts.root.screenshot({ path: testInfo.outputPath('alerts-raised-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await alerts.root.screenshot({ path: testInfo.outputPath('alerts-raised-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });

  await alerts.setVmRule('web-frontend', 'p99 RTT above a bound', {
    threshold: '100000',
    forSec: '2',
    keepFiringForSec: '3',
  });
  await expect(alerts.active.locator('li')).toHaveCount(0, { timeout: 20_000 });
  await expect(alerts.root.getByText('No alert is raised on Demo host.')).toBeVisible();
  await expect(appPage.locator('[data-host-id="demo"] .alerts')).toHaveCount(0);
  const cleared = alerts.history.locator('li[data-state="cleared"][data-kind="rttP99High"]');
  await expect(cleared).toContainText('web-frontend on Demo host: p99 RTT above a bound cleared');
  await expect(cleared).toContainText(/raised for \d/);
  await alerts.root.screenshot({ path: testInfo.outputPath('alerts-cleared-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await alerts.root.screenshot({ path: testInfo.outputPath('alerts-cleared-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });

  // Back to the defaults: the override is gone.
  await alerts.form.getByRole('button', { name: 'Back to defaults' }).click();
  await expect(alerts.form.getByLabel(/Threshold/)).toHaveValue('100');
});
