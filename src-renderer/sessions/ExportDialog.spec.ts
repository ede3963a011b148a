// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { exportJob, sessionInfo } from '../testing/fixtures';
import ExportDialog from './ExportDialog.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const ID = '20250101T120000Z-aaaaaa';

async function exporting(format: 'html' | 'pdf' | 'csv' | 'json') {
  const dialog = mount(ExportDialog, {
    props: { session: sessionInfo(ID, { name: 'Switch test' }) },
    attachTo: document.body,
  });
  await dialog.get(`input[value="${format}"]`).setValue(true);
  await dialog.get('form').trigger('submit');
  await flushPromises();
  return dialog;
}
const bar = (d: ReturnType<typeof mount>) => d.get('[role="progressbar"]');

describe('ExportDialog', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('starts the export, follows progress events for its job only, and shows files and download links', async () => {
    fake.respond('exportSession', ({ id, format }) =>
      exportJob('job-1', { sessionId: id, format }),
    );
    const dialog = await exporting('csv');
    expect(fake.callsOf('exportSession')).toEqual([{ id: ID, format: 'csv' }]);
    expect(bar(dialog).attributes('aria-valuenow')).toBe('0');
    fake.emit('exportProgress', exportJob('job-1', { format: 'csv', progress: 0.42 }));
    fake.emit('exportProgress', exportJob('other-job', { progress: 0.9 }));
    await flushPromises();
    expect(bar(dialog).attributes('aria-valuenow')).toBe('42');
    expect(dialog.get('[role="status"]').text()).toBe('Exporting… 42 %');
    fake.emit(
      'exportProgress',
      exportJob('job-1', {
        format: 'csv',
        state: 'done',
        progress: 1,
        files: ['/data/exports/switch-test/samples.csv', '/data/exports/switch-test/events.csv'],
        downloads: ['/download/a1/samples.csv?token=t', '/download/a1/events.csv?token=t'],
      }),
    );
    // A late `running` event never reopens a finished job.
    fake.emit('exportProgress', exportJob('job-1', { format: 'csv', progress: 0.5 }));
    await flushPromises();
    expect(bar(dialog).attributes('aria-valuenow')).toBe('100');
    expect(dialog.get('[role="status"]').text()).toBe('Done: 2 files written.');
    const links = dialog.findAll('a[download]');
    expect(links.map((a) => [a.attributes('href'), a.attributes('download')])).toEqual([
      ['/download/a1/samples.csv?token=t', 'samples.csv'],
      ['/download/a1/events.csv?token=t', 'events.csv'],
    ]);
    expect(dialog.findAll('.path').map((p) => p.text())).toEqual([
      '/data/exports/switch-test/samples.csv',
      '/data/exports/switch-test/events.csv',
    ]);
    dialog.unmount();
  });

  it('keeps progress that overtook the answer to exportSession', async () => {
    fake.respond('exportSession', () => {
      fake.emit('exportProgress', exportJob('job-2', { progress: 0.3 }));
      return exportJob('job-2');
    });
    const dialog = await exporting('html');
    expect(bar(dialog).attributes('aria-valuenow')).toBe('30');
    dialog.unmount();
  });

  it('cancels through the API and says so', async () => {
    fake.respond('exportSession', () => exportJob('job-3', { format: 'json' }));
    fake.respond('cancelExport', ({ jobId }) => {
      fake.emit(
        'exportProgress',
        exportJob(jobId, { format: 'json', state: 'cancelled', progress: 0.2 }),
      );
      return {};
    });
    const dialog = await exporting('json');
    await dialog.get('button.btn--danger').trigger('click');
    await flushPromises();
    expect(fake.callsOf('cancelExport')).toEqual([{ jobId: 'job-3' }]);
    expect(dialog.get('[role="status"]').text()).toBe('Export cancelled. Nothing was kept.');
    expect(dialog.find('a[download]').exists()).toBe(false);
    dialog.unmount();
  });

  it('shows the core’s error as it sent it, e.g. PDF in web mode', async () => {
    const message =
      'PDF needs the desktop app in web mode: export HTML and print it from the browser.';
    fake.respond('exportSession', () => exportJob('job-4', { format: 'pdf' }));
    const dialog = await exporting('pdf');
    fake.emit(
      'exportProgress',
      exportJob('job-4', { format: 'pdf', state: 'failed', error: message }),
    );
    await flushPromises();
    expect(dialog.get('[role="alert"]').text()).toBe(message);
    dialog.unmount();
  });

  it('cancels a running export when the dialog closes', async () => {
    fake.respond('exportSession', () => exportJob('job-5'));
    fake.respond('cancelExport', () => ({}));
    const dialog = await exporting('html');
    dialog.unmount();
    await flushPromises();
    expect(fake.callsOf('cancelExport')).toEqual([{ jobId: 'job-5' }]);
  });
});
