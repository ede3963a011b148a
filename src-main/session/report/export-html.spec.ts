import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportHtml, renderHtml } from './export-html';
import { buildReport } from './report-model';
import { SESSION_ID, SHA, smallSession, syntheticJournal } from './report.testkit';

describe('HTML report', async () => {
  const opts = smallSession({
    hosts: [
      ...smallSession().hosts.slice(0, 1),
      { hostId: 'lab-b', name: 'lab <b>', vms: ['<script>x</script>'] },
    ],
  });
  const report = await buildReport(syntheticJournal(opts), {
    sessionId: SESSION_ID,
    journalSha256: SHA,
  });
  const html = renderHtml(report);

  it('is self-contained: inline SVG and CSS, no script, no external URL', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(5);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*https?:/i);
    expect(html).not.toMatch(/<link /i);
    expect(html).toContain("default-src 'none'");
  });

  it('tells the story of the switch', () => {
    expect(html).toContain(
      'vm1 was switched from NLSVM (microslice 0 ms) to LSVM (microslice 5 ms)',
    );
    expect(html).toContain('<code>xl sched-vslicer -d 1 -m 5</code>');
    expect(html).toContain('the microslice read back as 5 ms — the change is verified');
    expect(html).toMatch(
      /mean RTT was [\d.]+ ms \(p99 [\d.]+ ms\); over the [\w ]+ after, [\d.]+ ms \(p99 [\d.]+ ms\): [\d.]+ ms \(9\d%\) lower/,
    );
    expect(html).toContain('RTT histogram, before vs after');
    expect(html).toContain('<table class="cmp">');
  });

  it('escapes names that come from hosts', () => {
    expect(html).toContain('&#60;script&#62;x&#60;/script&#62;');
    expect(html).toContain('lab &#60;b&#62;');
  });

  it('prints well: a print stylesheet keeps stories together', () => {
    expect(html).toContain('@media print');
    expect(html).toMatch(/\.story[^{]*\{ break-inside: avoid; \}|\.story, table\.cmp/);
  });

  it('writes exactly one file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-html-'));
    afterAll(() => rm(dir, { recursive: true, force: true }));
    const files = await exportHtml({
      records: syntheticJournal(opts),
      meta: { sessionId: SESSION_ID, journalSha256: SHA },
      dir,
    });
    expect(files).toEqual([join(dir, 'report.html')]);
    expect(await readdir(dir)).toEqual(['report.html']);
  });
});

describe('HTML report with scheduling waits', async () => {
  const withWaits = renderHtml(
    await buildReport(syntheticJournal(smallSession({ waitsEverySec: 5 })), {
      sessionId: SESSION_ID,
      journalSha256: SHA,
    }),
  );
  const without = renderHtml(
    await buildReport(syntheticJournal(smallSession()), {
      sessionId: SESSION_ID,
      journalSha256: SHA,
    }),
  );

  it('shows them beside the RTT where the host counted them, and nowhere else', () => {
    expect(withWaits).toContain('<th>Wait mean</th><th>Wait p99 ≤</th><th>Wait max</th>');
    expect(withWaits).toMatch(
      /It waited for a pCPU [\d.]+ ms on average before \(99 % of waits ≤ [\d.]+ ms\) and [\d.]+ ms after/,
    );
    expect(without).not.toContain('Wait mean');
    expect(without).not.toContain('waited for a pCPU');
  });
});
