import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  CHROMIUM_PATH,
  chromiumPrinter,
  launchChromium,
  screenshot,
} from './chromium-printer.testkit';
import { exportHtml } from './export-html';
import { NO_PDF_PRINTER, exportPdf } from './export-pdf';
import { SESSION_ID, SHA, smallSession, syntheticJournal } from './report.testkit';

/**
 * PDF through Chromium, checked the way a reader would: it converts to PNG (pdftoppm) and its
 * text is extractable (pdftotext). CI installs poppler-utils; without it this suite says so.
 */
function has(cmd: string): boolean {
  try {
    execFileSync(cmd, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const missing = [
  !existsSync(CHROMIUM_PATH) && `Chromium is not at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`,
  !has('pdftoppm') && 'pdftoppm is absent (install poppler-utils)',
  !has('pdftotext') && 'pdftotext is absent (install poppler-utils)',
].filter(Boolean);
const meta = { sessionId: SESSION_ID, journalSha256: SHA };

it('fails clearly without a PDF printer (web mode)', async () => {
  await expect(exportPdf({ records: [], meta, dir: tmpdir() }, undefined)).rejects.toThrow(
    NO_PDF_PRINTER,
  );
});

describe.skipIf(missing.length > 0)(
  `PDF through Chromium${missing.length ? ` — skipped: ${missing.join('; ')}` : ''}`,
  () => {
    let browser: Browser;
    let dir: string;
    beforeAll(async () => {
      browser = await launchChromium();
      dir = await mkdtemp(join(tmpdir(), 'report-pdf-'));
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('prints the report to a PDF that renders and has the switch story as text', async () => {
      const files = await exportPdf(
        { records: syntheticJournal(smallSession()), meta, dir },
        chromiumPrinter(browser),
      );
      expect(files).toEqual([join(dir, 'report.pdf')]);
      expect(await readdir(dir)).toEqual(['report.pdf']); // the intermediate HTML is gone
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '50',
        '-f',
        '1',
        '-l',
        '2',
        files[0]!,
        join(dir, 'page'),
      ]);
      const pngs = (await readdir(dir)).filter((f) => f.endsWith('.png'));
      expect(pngs.length).toBeGreaterThan(0);
      expect((await stat(join(dir, pngs[0]!))).size).toBeGreaterThan(5_000);
      const text = execFileSync('pdftotext', ['-layout', files[0]!, '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, ' ')).toContain(
        'vm1 was switched from NLSVM (microslice 0 ms) to LSVM',
      );
      expect(text).toContain('Data integrity');
    }, 60_000);

    it('renders the HTML report in Chromium (screenshot kept in test-results/report)', async () => {
      const out = resolve(__dirname, '../../../test-results/report');
      await mkdir(out, { recursive: true });
      const [html] = await exportHtml({
        records: syntheticJournal(smallSession()),
        meta,
        dir: out,
      });
      await screenshot(browser, html!, join(out, 'report-top.png'), false);
      await screenshot(browser, html!, join(out, 'report-full.png'));
      expect((await stat(join(out, 'report-full.png'))).size).toBeGreaterThan(50_000);
    }, 60_000);
  },
);
