import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { PdfPrinter } from './export-pdf';

/**
 * A PdfPrinter on Chromium through Playwright — for tests and the benchmark only (the app's own
 * printer is Electron's printToPDF, src-main/electron). Chromium prints with print media, as
 * Electron does, so what this shows is what the desktop app's PDF will look like.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: root ? ['--no-sandbox'] : [] });
}

export function chromiumPrinter(browser: Browser): PdfPrinter {
  return {
    async print(htmlPath, pdfPath) {
      const page = await browser.newPage();
      try {
        await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
        await page.pdf({
          path: pdfPath,
          format: 'A4',
          printBackground: true,
          margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
        });
      } finally {
        await page.close();
      }
    },
  };
}

/** A full-page PNG of an HTML file, to look at the report as a reader would. */
export async function screenshot(
  browser: Browser,
  htmlPath: string,
  pngPath: string,
  fullPage = true,
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  try {
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await page.screenshot({ path: pngPath, fullPage });
  } finally {
    await page.close();
  }
}
