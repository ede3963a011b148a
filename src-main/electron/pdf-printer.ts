import { writeFile } from 'node:fs/promises';
import { BrowserWindow } from 'electron';

/**
 * The desktop app's PDF printer for reports: the self-contained HTML report loaded in
 * a hidden, sandboxed window with JavaScript off (the report needs none) and printed with
 * Chromium's own `printToPDF`, so the PDF is the same document the HTML export shows.
 */
export const electronPdfPrinter = {
  async print(htmlPath: string, pdfPath: string): Promise<void> {
    const win = new BrowserWindow({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
      },
    });
    try {
      await win.loadFile(htmlPath);
      const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
      // The operator's report: readable by them alone, as everything in the data directory.
      await writeFile(pdfPath, pdf, { mode: 0o600 });
    } finally {
      win.destroy();
    }
  },
};
