import type { Locator, Page } from '@playwright/test';

/** Page object of the Add host dialog and the host-key prompt that follows it. */
export class AddHostDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Add a Xen host' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('button', { name: /Add host/ })
      .first()
      .click();
  }

  async addKeyHost(o: {
    name: string;
    address: string;
    port: number;
    user: string;
    identityFile: string;
    profile?: string;
  }) {
    await this.open();
    const d = this.dialog;
    await d.getByLabel('Name').fill(o.name);
    await d.getByLabel('Address').fill(o.address);
    await d.getByLabel('Port').fill(String(o.port));
    await d.getByLabel('User').fill(o.user);
    await d.getByLabel('Key file').check();
    await d.getByLabel(/Identity files/).fill(o.identityFile);
    // A profile by its value (`credit`, …): the radio buttons' labels carry a long hint too.
    if (o.profile) await d.locator(`input[type="radio"][value="${o.profile}"]`).check();
    await d.getByRole('button', { name: 'Add host' }).click();
  }

  hostKeyPrompt(): Locator {
    return this.page.getByRole('alertdialog', { name: 'Verify the host key' });
  }
}
