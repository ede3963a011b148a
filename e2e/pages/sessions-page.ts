import type { Locator, Page } from '@playwright/test';

export type ExportFormat = 'HTML' | 'PDF' | 'CSV' | 'JSON';

/** Page object of the Sessions view and its dialogs: by role and label, as operators see them. */
export class SessionsPage {
  readonly entry: Locator;
  readonly view: Locator;
  readonly table: Locator;
  readonly indicator: Locator;
  /** "The app stopped unexpectedly during …" (shown at the top of any page after a crash). */
  readonly interruptedOffer: Locator;
  readonly startDialog: Locator;
  readonly exportDialog: Locator;
  readonly exportProgress: Locator;
  readonly exportStatus: Locator;
  readonly exportError: Locator;
  /** Links of a finished export (web mode), one per file. */
  readonly downloadLinks: Locator;

  constructor(readonly page: Page) {
    this.entry = page
      .getByRole('navigation', { name: 'Hosts' })
      .getByRole('button', { name: /^Sessions/ });
    this.view = page.getByRole('region', { name: 'Sessions' });
    this.table = page.getByRole('table', { name: 'Recorded sessions' });
    this.indicator = page.getByRole('status', { name: 'Recording indicator' });
    this.interruptedOffer = page.getByRole('region', { name: 'Interrupted session' });
    this.startDialog = page.getByRole('dialog', { name: 'Start recording' });
    this.exportDialog = page.getByRole('dialog', { name: /^Export / });
    this.exportProgress = this.exportDialog.getByRole('progressbar');
    this.exportStatus = this.exportDialog.getByRole('status');
    this.exportError = this.exportDialog.getByRole('alert');
    this.downloadLinks = this.exportDialog.getByRole('link', { name: /^Download / });
  }

  async open(): Promise<void> {
    await this.entry.click();
  }

  /**
   * Starts a recording named `name` from the view's header: "Start recording", or "New recording"
   * when one is running already (a session starts with the first connection).
   */
  async startRecording(name: string): Promise<void> {
    await this.view.getByRole('button', { name: /^(Start|New) recording$/ }).click();
    await this.startDialog.getByRole('textbox', { name: /Name/ }).fill(name);
    await this.startDialog.getByRole('button', { name: 'Start recording', exact: true }).click();
    await this.startDialog.waitFor({ state: 'hidden' });
  }

  async stopRecording(): Promise<void> {
    await this.view.getByRole('button', { name: 'Stop recording', exact: true }).click();
  }

  row(name: string): Locator {
    return this.table
      .locator('tbody tr')
      .filter({ has: this.page.locator('.title', { hasText: name }) });
  }

  action(session: string, verb: 'Open' | 'Export' | 'Delete' | 'Rename' | 'Close'): Locator {
    return this.table.getByRole('button', { name: `${verb} ${session}`, exact: true });
  }

  /** Opens the export dialog of a session and starts `format`. */
  async exportAs(session: string, format: ExportFormat): Promise<void> {
    await this.action(session, 'Export').click();
    await this.exportDialog.getByRole('radio', { name: new RegExp(`^${format}\\b`) }).check();
    await this.exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
  }

  async closeExport(): Promise<void> {
    await this.exportDialog.getByRole('button', { name: 'Close', exact: true }).click();
  }
}
