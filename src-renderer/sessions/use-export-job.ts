import type { ExportJob, ReportFormat, SessionId } from '@common/session';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import { api } from '../api/client';
import { useAction } from '../shared/use-action';

const finished = (job: ExportJob) => job.state !== 'running';

/**
 * Which of two reports of the same job to keep: a finished one over a running one (a late
 * `running` event never reopens a finished job), else the one further along.
 */
function later(a: ExportJob, b: ExportJob | undefined): ExportJob {
  if (!b) return a;
  if (finished(a)) return a;
  if (finished(b)) return b;
  return b.progress >= a.progress ? b : a;
}

/**
 * One report export: starts it, follows its `exportProgress` events, cancels it.
 * Events may overtake the answer to exportSession, so every event seen while this lives is kept
 * by job id and merged when the answer arrives.
 */
export function useExportJob(sessionId: () => SessionId) {
  const job = shallowRef<ExportJob | null>(null);
  /** The call itself failed (the core refused before any job existed, or refused to cancel). */
  const error = ref<string | null>(null);
  const { busy: starting, run: runStart } = useAction(error);
  const { busy: cancelling, run: runCancel } = useAction(error);
  const seen = new Map<string, ExportJob>();

  const off = api.on('exportProgress', (event) => {
    seen.set(event.jobId, later(event, seen.get(event.jobId)));
    if (job.value && event.jobId === job.value.jobId) job.value = later(job.value, event);
  });
  onScopeDispose(() => {
    off();
    // Closing the dialog mid-export cancels it: nobody is left to see the result.
    if (job.value && !finished(job.value))
      void api.cancelExport({ jobId: job.value.jobId }).catch(() => undefined);
  });

  const running = computed(() => starting.value || job.value?.state === 'running');
  /** 0–100, for aria-valuenow. */
  const percent = computed(() =>
    Math.round(Math.min(1, Math.max(0, job.value?.progress ?? 0)) * 100),
  );

  async function start(format: ReportFormat): Promise<void> {
    if (starting.value) return;
    job.value = null;
    await runStart(async () => {
      const started = await api.exportSession({ id: sessionId(), format });
      job.value = later(started, seen.get(started.jobId));
    });
  }

  async function cancel(): Promise<void> {
    const current = job.value;
    if (!current || finished(current)) return;
    await runCancel(
      async () => {
        await api.cancelExport({ jobId: current.jobId });
        // The core confirms with a `cancelled` event; if that is late, say so now anyway.
        if (job.value?.jobId === current.jobId && !finished(job.value))
          job.value = { ...job.value, state: 'cancelled' };
      },
      { keepError: true },
    );
  }

  function reset(): void {
    job.value = null;
    error.value = null;
  }

  return { job, error, starting, cancelling, running, percent, start, cancel, reset };
}
