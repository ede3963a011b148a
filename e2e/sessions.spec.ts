import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { ReportSchema } from '../src-main/session/report/report-schema';
import { expect, startWebApp, test } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { SessionsPage } from './pages/sessions-page';
import { exportVia, fetchExport } from './session-exports';

// Record the demo host through one class switch, export every format and check
// each file the way its reader would; and recover a session after kill -9.
const WEB = 'web-frontend';
const SESSION = 'E2E switch of web-frontend';
/** Length of the recording (about a minute); the switch comes a third of the way in. */
const RECORD_MS = 60_000;
const PDFTOPPM = '/usr/bin/pdftoppm';
const PDFTOTEXT = '/usr/bin/pdftotext';

function tool(path: string, args: string[]): string {
  return execFileSync(path, args, { encoding: 'utf8', timeout: 60_000 });
}

/** Opens a saved HTML report from disk with the network cut off: it must stand alone. */
async function openOffline(page: Page, file: string): Promise<void> {
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(pathToFileURL(file).toString());
}

test('records a class switch on the demo host and exports it as HTML, PDF, CSV and JSON', async ({
  appPage,
}, testInfo) => {
  test.setTimeout(RECORD_MS + 240_000);
  const ui = new ConsolePage(appPage);
  const sessions = new SessionsPage(appPage);
  await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });

  await sessions.open();
  await sessions.startRecording(SESSION);
  await expect(sessions.indicator).toContainText(`Recording ${SESSION}`);
  const started = Date.now();
  await expect(sessions.row(SESSION)).toContainText('Recording');
  await appPage.screenshot({ path: testInfo.outputPath('sessions-recording-light.png') });

  // Back on the demo host: one switch a third of the way in, so the report has a before and an after.
  await ui
    .host(/Demo host/)
    .first()
    .click();
  await expect(ui.guestRows()).toHaveCount(5);
  await appPage.waitForTimeout(Math.max(0, RECORD_MS / 3 - (Date.now() - started)));
  await ui.classToggle(WEB).click();
  await expect(ui.switchCommand).toHaveText(/^xl sched-vslicer -d \d+ -m \d+$/, {
    timeout: 10_000,
  });
  await ui.switchButton('Switch to LSVM').click();
  await expect(ui.switchStatus).toContainText(`Done: ${WEB} is now`, { timeout: 15_000 });
  await ui.switchButton('Close').click();
  await expect(ui.classBadge(WEB)).toHaveText('LSVM');
  await appPage.waitForTimeout(Math.max(0, RECORD_MS - (Date.now() - started)));

  await sessions.open();
  await sessions.stopRecording();
  await expect(sessions.indicator).toHaveText('Not recording');
  await expect(sessions.row(SESSION)).not.toContainText('Recording');
  await appPage.screenshot({ path: testInfo.outputPath('sessions-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('sessions-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });

  // HTML: one file that opens offline in Chromium and tells the story of the switch.
  const html = await exportVia(sessions, SESSION, 'HTML');
  expect(html, `HTML export: ${html.error}`).toMatchObject({ state: 'done' });
  expect(Math.max(html.urls.length, html.files.length)).toBe(1);
  if (html.urls.length === 0)
    console.log('HTML export: no download link (the core offers none yet); read from its path');
  await expect(sessions.exportProgress).toHaveAttribute('aria-valuenow', '100');
  await appPage.screenshot({ path: testInfo.outputPath('export-dialog-light.png') });
  await appPage.emulateMedia({ colorScheme: 'dark' });
  await appPage.screenshot({ path: testInfo.outputPath('export-dialog-dark.png') });
  await appPage.emulateMedia({ colorScheme: 'light' });
  await sessions.closeExport();
  const htmlFile = testInfo.outputPath('report.html');
  writeFileSync(htmlFile, await fetchExport(appPage.request, html));
  // Its own context: the fixture's page owns the one it runs in.
  const reportContext = await appPage
    .context()
    .browser()!
    .newContext({ viewport: { width: 1100, height: 900 } });
  const report = await reportContext.newPage();
  await openOffline(report, htmlFile);
  await expect(
    report.getByRole('heading', { name: new RegExp(`${WEB} on .*: NLSVM → LSVM`) }),
  ).toBeVisible();
  await expect(
    report.getByRole('img', { name: `${WEB}: RTT histogram, before vs after` }),
  ).toBeVisible();
  // Besides the before/after one, each VM's class periods have their own histogram.
  expect(
    await report.getByRole('img', { name: /^Period \d+ \((LSVM|NLSVM)\)$/ }).count(),
  ).toBeGreaterThan(1);
  await report
    .getByRole('heading', { name: new RegExp(`${WEB} on .*: NLSVM → LSVM`) })
    .scrollIntoViewIfNeeded();
  await report.screenshot({ path: testInfo.outputPath('report-html-switch.png') });
  await report.screenshot({ path: testInfo.outputPath('report-html-full.png'), fullPage: true });

  // PDF: the desktop app prints it; in web mode the core says to print the HTML, which Chromium does here.
  const pdf = await exportVia(sessions, SESSION, 'PDF');
  const pdfFile = testInfo.outputPath('report.pdf');
  if (pdf.state === 'done') {
    writeFileSync(pdfFile, await fetchExport(appPage.request, pdf));
  } else {
    expect(pdf.error).toMatch(/desktop app.*print/i);
    await appPage.screenshot({ path: testInfo.outputPath('export-pdf-web-mode.png') });
    await report.emulateMedia({ media: 'print' });
    await report.pdf({ path: pdfFile, format: 'A4', printBackground: true });
  }
  await sessions.closeExport();
  await reportContext.close();
  expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
  if (existsSync(PDFTOPPM) && existsSync(PDFTOTEXT)) {
    tool(PDFTOPPM, [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '2',
      pdfFile,
      testInfo.outputPath('report-pdf'),
    ]);
    expect(
      existsSync(testInfo.outputPath('report-pdf-1.png')) ||
        existsSync(testInfo.outputPath('report-pdf-01.png')),
    ).toBe(true);
    const text = tool(PDFTOTEXT, ['-layout', pdfFile, '-']);
    expect(text).toContain(WEB);
    expect(text).toMatch(/NLSVM\s*→\s*LSVM/);
  } else {
    const reason = `PDF to PNG/text check skipped: ${PDFTOPPM} or ${PDFTOTEXT} is not installed (apt-get install poppler-utils).`;
    console.log(reason);
    testInfo.annotations.push({ type: 'skip-part', description: reason });
  }

  // JSON: validates against the report schema; its sample counts are what the CSV must hold.
  const json = await exportVia(sessions, SESSION, 'JSON');
  expect(json, `JSON export: ${json.error}`).toMatchObject({ state: 'done' });
  await sessions.closeExport();
  const parsed = ReportSchema.safeParse(
    JSON.parse((await fetchExport(appPage.request, json)).toString('utf8')),
  );
  expect(
    parsed.success,
    parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 5)),
  ).toBe(true);
  const data = parsed.data!;
  expect(data.switches.some((s) => s.vm === WEB)).toBe(true);
  const jsonSamples = data.integrity.samplesPerHost.reduce((n, h) => n + h.samples, 0);
  // About one frame a second for ~RECORD_MS, on the demo host alone.
  expect(jsonSamples).toBeGreaterThan((RECORD_MS / 1000) * 0.7);

  // CSV: one file per table; each host's cpu-share table has one row per recorded sample (a
  // column per VM), so its rows are the JSON's sample count for that host.
  const csv = await exportVia(sessions, SESSION, 'CSV');
  expect(csv, `CSV export: ${csv.error}`).toMatchObject({ state: 'done' });
  expect(Math.max(csv.urls.length, csv.files.length)).toBeGreaterThan(1);
  await sessions.closeExport();
  for (const { hostId, samples } of data.integrity.samplesPerHost) {
    const rows = (
      await fetchExport(appPage.request, csv, new RegExp(`(^|[/\\\\])cpu-share-${hostId}\\.csv$`))
    )
      .toString('utf8')
      .split('\r\n')
      .filter((l) => l.length > 0);
    const header = rows[0]!.split(',');
    console.log(
      `recorded ${samples} samples of ${hostId} (JSON); cpu-share-${hostId}.csv: ${rows.length - 1} rows × ${header.length} columns`,
    );
    expect(header.slice(0, 4)).toEqual(['time', 't_ms', 'gap_before', 'dom0_cpu_pct']);
    expect(rows.length - 1).toBe(samples);
    expect(rows.every((r) => r.split(',').length === header.length)).toBe(true);
    if (hostId === data.switches.find((s) => s.vm === WEB)?.hostId) expect(header).toContain(WEB);
  }
  const rtt = (await fetchExport(appPage.request, csv, /(^|[/\\])rtt-[^/\\]+\.csv$/))
    .toString('utf8')
    .split('\r\n')
    .filter((l) => l.length > 0);
  expect(rtt[0]).toContain(WEB);
  expect(rtt.length - 1).toBeGreaterThan((RECORD_MS / 1000 / 2) * 0.5); // a probe round every 2 s
});

/** `vslicer web --port 0` of our own, on a data directory we choose (the appPage fixture makes its own). */
async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const { app, child } = await startWebApp(dataDir);
  return { url: app.url, child };
}

test('after kill -9 the next start offers the interrupted session and opens it read-only', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-e2e-kill-'));
  const children: ChildProcess[] = [];
  try {
    // First run: the demo host connects, which starts a session; five seconds of it reach the disk.
    const first = await startServer(dataDir);
    children.push(first.child);
    await new Promise((r) => setTimeout(r, 5_000));
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;

    const second = await startServer(dataDir);
    children.push(second.child);
    await page.goto(second.url);
    const ui = new ConsolePage(page);
    const sessions = new SessionsPage(page);
    await expect(sessions.interruptedOffer).toContainText('The app stopped unexpectedly during', {
      timeout: 15_000,
    });
    await expect(sessions.interruptedOffer).toContainText('open what was recorded');
    await page.screenshot({ path: testInfo.outputPath('interrupted-offer-light.png') });
    await sessions.interruptedOffer.getByRole('button', { name: 'Open what was recorded' }).click();

    // The recorded demo host is selected and shows the VMs it had, with nothing to change.
    const recorded = page.getByRole('region', { name: /^Host / });
    await expect(recorded.getByRole('heading', { level: 1 })).toContainText('Recorded');
    await expect(ui.guestRows()).toHaveCount(5, { timeout: 15_000 });
    await expect(ui.classToggle(WEB)).toBeDisabled();
    await expect(ui.classToggle(WEB)).toHaveAttribute('title', 'a recorded session is read-only');
    await expect(page.getByRole('group', { name: 'Host actions' }).getByRole('button')).toHaveText([
      'Close session',
    ]);
    await expect(ui.hostList.getByRole('region', { name: /^Recorded: / })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('recorded-host-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: testInfo.outputPath('recorded-host-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Nor is there anything to change about probing: what was recorded, read-only, with the reason.
    await ui.vmRow(WEB).click();
    const probe = ui.latencyPanel(WEB).getByRole('group', { name: 'Probe settings' });
    await expect(probe.getByRole('note')).toHaveText(
      'Probe settings cannot be changed: a recorded session is read-only.',
    );
    await expect(probe.getByRole('button', { name: 'Change address' })).toHaveCount(0);
    const interval = probe.getByLabel('Probe interval (s)');
    if ((await interval.count()) > 0) await expect(interval).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('recorded-probe-settings-light.png') });
  } finally {
    // The server writes to the directory until it has exited.
    for (const c of children) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await gone;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
