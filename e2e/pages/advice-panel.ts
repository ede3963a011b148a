import type { Locator, Page } from '@playwright/test';

/** Page object of the host view's Advice panel: the ranking, its predictions, the checks. */
export class AdvicePanel {
  readonly root: Locator;
  readonly refresh: Locator;
  readonly ranking: Locator;
  /** Rows of the predicted-against-observed table, one per switch made after a prediction. */
  readonly checks: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('article', { name: 'Advice' });
    this.refresh = this.root.getByRole('button', { name: /Refresh advice|Analysing/ });
    this.ranking = this.root.getByTestId('advice-ranking');
    this.checks = this.root.getByTestId('prediction-check');
  }

  /** Ranked entries, best first. */
  entries(): Locator {
    return this.ranking.locator(':scope > li');
  }

  entry(vm: string): Locator {
    return this.ranking.locator(`:scope > li[data-vm="${vm}"]`);
  }

  /** VM names in ranking order, and their verdicts. */
  async order(): Promise<Array<{ vm: string; verdict: string }>> {
    return this.entries().evaluateAll((els) =>
      els.map((e) => ({
        vm: e.getAttribute('data-vm') ?? '',
        verdict: e.getAttribute('data-verdict') ?? '',
      })),
    );
  }

  /** "50.0 ms (48.6–51.4 ms) → 10.2 ms (7.9–11.2 ms)" of an entry's prediction. */
  predictedMedian(vm: string): Locator {
    return this.entry(vm).getByTestId('predicted-median');
  }

  reviewSwitch(vm: string): Locator {
    return this.entry(vm).getByRole('button', { name: 'Review switch…' });
  }

  /** Predicted and observed median (ms; NaN for "—") and the RTT count of a VM's check. */
  async check(vm: string): Promise<{ predicted: number; observed: number; count: number }> {
    const row = this.checks.and(this.page.locator(`[data-vm="${vm}"]`)).last();
    const ms = async (id: string) =>
      Number.parseFloat((await row.getByTestId(id).innerText()).replace(/\s*ms$/, ''));
    return {
      predicted: await ms('check-predicted'),
      observed: await ms('check-observed'),
      count: Number(await row.getByTestId('check-count').innerText()),
    };
  }
}

/** The "before → after" figures of a predicted median text, in ms. */
export function parsePredictedMedian(text: string): { now: number; asLsvm: number } {
  const m = /^([\d.]+) ms.*→ ([\d.]+) ms/.exec(text.trim());
  if (!m) throw new Error(`unexpected prediction: ${text}`);
  return { now: Number(m[1]), asLsvm: Number(m[2]) };
}
