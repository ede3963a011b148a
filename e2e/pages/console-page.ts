import type { Locator, Page } from '@playwright/test';

/** Page object of the console window: what an operator looks at, by role and label. */
export class ConsolePage {
  readonly hostList: Locator;
  readonly vmTable: Locator;
  readonly shareChart: Locator;

  constructor(readonly page: Page) {
    this.hostList = page.getByRole('navigation', { name: 'Hosts' });
    this.vmTable = page.getByRole('table', { name: 'Virtual machines' });
    this.shareChart = page.getByRole('img', { name: /Stacked CPU share/ });
  }

  host(name: string | RegExp): Locator {
    return this.hostList.getByRole('button', { name });
  }

  /** Guest rows (every VM but Domain-0). */
  guestRows(): Locator {
    return this.vmTable.locator('tbody tr[data-vm]:not([data-vm="Domain-0"])');
  }

  /** CPU column of every guest, in table order. */
  async guestCpuTexts(): Promise<string[]> {
    return this.guestRows().locator('td.cpu').allInnerTexts();
  }
}
