import { PRIVATE_FILE } from '../private-files';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './export-html';
import { pump, resolveMeta, type ExportInput } from './pump';
import { ReportBuilder } from './report-model';

/**
 * The PDF export is the HTML report printed by a browser engine. The engine is injected: the
 * desktop app passes one built on Electron's `webContents.printToPDF` (src-main/electron); tests
 * and the benchmark pass one that drives Chromium through Playwright. The core never imports a
 * browser — so in web mode, with no printer, the PDF job fails with advice instead.
 */
export interface PdfPrinter {
  print(htmlPath: string, pdfPath: string): Promise<void>;
}

export const NO_PDF_PRINTER =
  'PDF export needs the desktop app; in web mode open the HTML report and print it';

export async function exportPdf(
  input: ExportInput,
  printer: PdfPrinter | undefined,
): Promise<string[]> {
  if (!printer) throw new Error(NO_PDF_PRINTER);
  const builder = new ReportBuilder();
  await pump(input.records, (r) => builder.add(r), input.control);
  const htmlPath = join(input.dir, 'report.print.html');
  const pdfPath = join(input.dir, 'report.pdf');
  await writeFile(htmlPath, renderHtml(builder.finish(await resolveMeta(input.meta))), {
    mode: PRIVATE_FILE,
  });
  try {
    await printer.print(htmlPath, pdfPath);
  } finally {
    // The HTML was only the printer's input; the HTML export is its own job.
    await rm(htmlPath, { force: true });
  }
  return [pdfPath];
}
