import type { Locator, Page } from '@playwright/test';

/** Page object of the host view's Alerts card: raised now, the history, the rule form. */
export class AlertsCard {
  readonly root: Locator;
  readonly active: Locator;
  readonly history: Locator;
  readonly rules: Locator;
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('article', { name: 'Alerts' });
    this.active = this.root.getByTestId('alerts-active');
    this.history = this.root.getByTestId('alerts-history');
    this.rules = this.root.locator('details.rules');
    this.form = this.root.getByRole('form', { name: 'Alert rule' });
  }

  raised(vm: string, kind: string): Locator {
    return this.active.locator(`li[data-vm="${vm}"][data-kind="${kind}"]`);
  }

  /** Opens the rule form and saves one rule for one VM. */
  async setVmRule(
    vm: string,
    rule: string,
    values: { threshold: string; forSec: string; keepFiringForSec: string },
  ): Promise<void> {
    const open = await this.rules.evaluate((d) => (d as { open: boolean }).open);
    if (!open) await this.rules.locator('summary').click();
    await this.form.getByLabel('For').selectOption({ label: `VM ${vm}` });
    await this.form.getByLabel('Rule').selectOption({ label: rule });
    await this.form.getByLabel(/Threshold/).fill(values.threshold);
    await this.form.getByLabel('Raise after (s)').fill(values.forSec);
    await this.form.getByLabel('Clear after (s)').fill(values.keepFiringForSec);
    await this.form.getByRole('button', { name: 'Save rule' }).click();
  }
}
