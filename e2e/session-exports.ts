import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
import type { ExportFormat, SessionsPage } from './pages/sessions-page';

// Exports of a recorded session through the Sessions view, as an operator makes them.

export interface Exported {
  state: 'done' | 'failed' | 'cancelled';
  error: string | null;
  /** Download links (web mode), absolute. */
  urls: string[];
  /** Paths written by the core (this machine runs it). */
  files: string[];
}

/** Runs one export through the dialog and waits for its end; the progress bar is checked on the way. */
export async function exportVia(
  sessions: SessionsPage,
  session: string,
  format: ExportFormat,
): Promise<Exported> {
  await sessions.exportAs(session, format);
  await expect(sessions.exportProgress).toBeVisible();
  await expect(sessions.exportProgress).toHaveAttribute('aria-valuenow', /^\d+$/);
  await expect
    .poll(
      async () =>
        (await sessions.exportDialog.getByRole('button', { name: 'Close', exact: true }).count()) >
        0,
      { timeout: 90_000 },
    )
    .toBe(true);
  const base = sessions.page.url();
  const urls = await sessions.downloadLinks.evaluateAll((links) =>
    links.map((a) => a.getAttribute('href') ?? ''),
  );
  const files = await sessions.exportDialog.locator('.path').allInnerTexts();
  const failed = (await sessions.exportError.count()) > 0;
  const status = await sessions.exportStatus.innerText();
  return {
    state: failed ? 'failed' : status.startsWith('Done') ? 'done' : 'cancelled',
    error: failed ? await sessions.exportError.first().innerText() : null,
    urls: urls.map((u) => new URL(u, base).toString()),
    files,
  };
}

/**
 * The i-th exported file (or the first whose name matches): through its download link, as a
 * browser user gets it, or from the path the core wrote when it offers no link.
 */
export async function fetchExport(
  request: APIRequestContext,
  exp: Exported,
  which: number | RegExp = 0,
): Promise<Buffer> {
  const names = exp.urls.length ? exp.urls : exp.files;
  const i = typeof which === 'number' ? which : names.findIndex((n) => which.test(n));
  expect(i, `no exported file matches ${which}: ${names.join(', ')}`).toBeGreaterThanOrEqual(0);
  if (exp.urls[i]) {
    const res = await request.get(exp.urls[i]);
    expect(res.ok(), `GET ${exp.urls[i]}: ${res.status()}`).toBe(true);
    return res.body();
  }
  return readFileSync(exp.files[i]!);
}
