import type { Locator, Page } from '@playwright/test';

/** Page object of the console window: what an operator looks at, by role and label. */
export class ConsolePage {
  readonly hostList: Locator;
  readonly vmTable: Locator;
  readonly shareChart: Locator;
  /** The VM table's filter box (name or class). */
  readonly vmFilter: Locator;
  /** The NLSVM ⇄ LSVM dialog (open while a switch is being chosen, runs or just ran). */
  readonly switchDialog: Locator;
  /** The exact command the dialog will run (from previewClassSwitch). */
  readonly switchCommand: Locator;
  /** Progress, success and failure lines of the dialog (role status / alert). */
  readonly switchStatus: Locator;
  readonly switchError: Locator;
  /** The host's own text when a switch failed. */
  readonly switchHostReply: Locator;
  readonly switchHistory: Locator;
  /** The host view's notice when a switch without the dialog ("Ask before switching" off) failed. */
  readonly hostAlert: Locator;

  constructor(readonly page: Page) {
    this.hostList = page.getByRole('navigation', { name: 'Hosts' });
    this.vmTable = page.getByRole('table', { name: 'Virtual machines' });
    this.shareChart = page.getByRole('img', { name: /Stacked CPU share/ });
    this.vmFilter = page.getByRole('searchbox', { name: 'Filter VMs by name or class' });
    this.switchDialog = page.getByRole('dialog', { name: /^Make .* an (LSVM|NLSVM again)$/ });
    this.switchCommand = this.switchDialog.getByTestId('switch-command');
    // The outcome's own status: the dialog also has the plan's and the prediction's.
    this.switchStatus = this.switchDialog
      .getByRole('region', { name: 'Switch outcome' })
      .getByRole('status');
    this.switchError = this.switchDialog.getByRole('alert');
    this.switchHostReply = this.switchDialog.getByTestId('host-reply');
    this.switchHistory = page.getByRole('list', { name: 'Class switch history' });
    this.hostAlert = page.getByRole('region', { name: /^Host / }).getByRole('alert');
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

  /** Each guest's share and fair share (% of the pCPUs it can run on), read from its share bar. */
  async guestShares(): Promise<Map<string, { share: number; fair: number | null }>> {
    const labels = await this.guestRows()
      .getByRole('meter')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const out = new Map<string, { share: number; fair: number | null }>();
    for (const label of labels) {
      const m = /^(.*): ([\d.]+) ?% of the pCPUs it can run on(?:, fair share ([\d.]+) ?%)?/.exec(
        label,
      );
      if (!m) throw new Error(`unexpected share label: ${label}`);
      out.set(m[1]!, { share: Number(m[2]), fair: m[3] === undefined ? null : Number(m[3]) });
    }
    return out;
  }

  vmRow(vm: string): Locator {
    return this.vmTable.locator(`tbody tr[data-vm="${vm}"]`);
  }

  /** The per-VM class toggle: aria-pressed is "true" while the VM is an LSVM. */
  classToggle(vm: string): Locator {
    return this.vmRow(vm).getByRole('button', { name: 'LSVM', exact: true });
  }

  /** The class badge cell text ("LSVM" / "NLSVM"). */
  classBadge(vm: string): Locator {
    return this.vmRow(vm).locator('.class-badge');
  }

  /** A microslice option of the open dialog, e.g. `microsliceOption(5)`. */
  microsliceOption(ms: number): Locator {
    return this.switchDialog.getByRole('radio', { name: new RegExp(`^${ms} ms\\b`) });
  }

  /** "Switch to LSVM" / "Switch to NLSVM" / "Undo" / "Close" / "Cancel" in the dialog. */
  switchButton(name: 'Switch to LSVM' | 'Switch to NLSVM' | 'Undo' | 'Close' | 'Cancel'): Locator {
    return this.switchDialog.getByRole('button', { name, exact: true });
  }

  askBeforeSwitching(): Locator {
    return this.switchDialog.getByRole('checkbox', { name: 'Ask before switching' });
  }

  /** The latency panel of the selected VM (click its row first). */
  latencyPanel(vm: string): Locator {
    return this.page.getByRole('region', { name: `Latency of ${vm}` });
  }

  /** One sentence on what the latest switch did to the median RTT. */
  latencyVerdict(vm: string): Locator {
    return this.latencyPanel(vm).getByLabel('Switch effect');
  }

  /**
   * A cell of the percentile table: `stat` p50 / p95 / p99, `column` before / after / change
   * (with a switch) or recent (without one). Texts like "47.7 ms" and "−79 %".
   */
  latencyStat(
    vm: string,
    stat: 'p50' | 'p95' | 'p99',
    column: 'before' | 'after' | 'change' | 'recent',
  ): Locator {
    return this.latencyPanel(vm)
      .getByRole('table', { name: 'Latency percentiles' })
      .locator(`tr[data-stat="${stat}"] td[data-col="${column}"]`);
  }

  /** Reads a "47.7 ms" cell as a number (NaN for "—"). */
  async latencyStatMs(
    vm: string,
    stat: 'p50' | 'p95' | 'p99',
    column: 'before' | 'after' | 'recent',
  ): Promise<number> {
    return Number.parseFloat(
      (await this.latencyStat(vm, stat, column).innerText()).replace(/\s*ms$/, ''),
    );
  }

  /**
   * A cell of the scheduling-wait table: `stat` mean / p50 / p99 / max, `column` before / after
   * (with a switch) or recent, read as ms (NaN for "—").
   */
  async waitStatMs(
    vm: string,
    stat: 'mean' | 'p50' | 'p99' | 'max',
    column: 'before' | 'after' | 'recent',
  ): Promise<number> {
    const cell = this.page
      .getByRole('region', { name: `Scheduling waits of ${vm}` })
      .getByRole('table', { name: 'Scheduling-wait statistics' })
      .locator(`tr[data-stat="${stat}"] td[data-col="${column}"]`);
    return Number.parseFloat((await cell.innerText()).replace(/\s*ms$/, ''));
  }

  latencyHistogram(vm: string): Locator {
    return this.latencyPanel(vm).getByRole('img', { name: /^RTT histogram/ });
  }

  latencyCdf(vm: string): Locator {
    return this.latencyPanel(vm).getByRole('img', { name: /^RTT CDF/ });
  }

  /** The "has no probe address" note of a VM without one. */
  probeProblem(vm: string): Locator {
    return this.latencyPanel(vm).getByRole('note');
  }

  historyEntry(vm: string): Locator {
    return this.switchHistory.locator(`li[data-vm="${vm}"]`);
  }
}
