import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvent, ApiHandlers, Publish } from '../common/api';
import type { HostConfig } from '../common/host-config';
import type { AppInfo } from '../common/model';
import { defaultAlertSettings } from '../common/alerts';
import type { Result } from '../common/result';
import { MemorySecretStore, type SecretStore } from '../common/secret-store';
import type { LatencySample, SchedWaits } from '../common/sched';
import { DEMO_HOST_ID, demoHostDefinition } from '../hosts/connection/demo-host';
// The one import of the simulation outside cli: the demo host's transport, wired here by the
// composition root as ssh/ is for every other host.
import { createDemoShell } from '../sim/demo';
import type { HostDefinition } from '../hosts/connection/host-connection';
import { HostConfigStore } from '../hosts/config/host-config-store';
import { HostRegistry } from '../hosts/host-registry';
import { PromptBroker } from '../hosts/prompt-broker';
import { HostHistory } from '../session/host-history';
import { SeriesStore } from '../session/series-store';
import { SessionManager } from '../session/session-manager';
import { openTrustStore } from '../hosts/connection/ssh-connector';
import type { PdfPrinter } from '../session/report/export-pdf';
import { EventHub } from './event-hub';
import { createHandlers } from './handlers';
import { RecordedSessions } from './open-session';
import { printable } from '../common/printable';
import { prepareDataDir } from './data-dir';
import { dispatch } from './dispatch';
import { EventRecorder } from '../session/event-recorder';
import { createExportJobs } from '../session/session-exports';
import { VslicerMetrics, type MetricsExposition } from '../metrics/vslicer-metrics';
import { PredictionChecks } from '../advisor/prediction-checks';
import { AlertEngine } from '../alerts/alert-engine';
import { AlertSettingsStore } from '../alerts/alert-settings-store';
import { MetricsSharing, type MetricsTransport } from './metrics-sharing';

export interface AppOptions {
  mode: AppInfo['mode'];
  version: string;
  /** Hosts, trusted keys and sessions live here; null keeps nothing on disk (tests). */
  dataDir: string | null;
  /**
   * false: read the saved hosts and trusted keys from `dataDir` but record no session — for a
   * one-shot command (`vslicer advise --live`) that may run beside the app on the same data
   * directory, whose session it must neither add to nor take for an interrupted one.
   */
  record?: boolean;
  /** Desktop: OS-encrypted; web mode: memory only (never persisted). */
  secrets?: SecretStore;
  /** Prints the HTML report to PDF (the desktop app's printToPDF); web mode has none. */
  pdfPrinter?: PdfPrinter;
  /** Web mode: report files are downloadable under this URL path (the server serves them). */
  exportDownloadBase?: string;
  /**
   * The agent's hosts, read and checked from its hosts file: watched instead of the data
   * directory's `hosts.json`, and never written back (the file is the operator's).
   */
  configuredHosts?: readonly HostConfig[];
  /** Built-in hosts; the demo host when none are given. */
  hosts?: HostDefinition[];
  homeDir?: string;
  log?: (line: string) => void;
  /**
   * Desktop: the HTTP side of the opt-in /metrics of Settings (web/metrics-transport.ts). Without
   * it (web mode, the agent, tests) the switch answers that it does not apply here.
   */
  metricsTransport?: MetricsTransport;
}

/** The composition root shared by the Electron shell, web mode and the tests. */
export interface AppCore {
  dispatch(method: unknown, payload: unknown): Promise<Result<unknown>>;
  subscribe(sink: (event: ApiEvent) => void): () => void;
  readonly handlers: ApiHandlers;
  readonly registry: HostRegistry;
  /** OpenMetrics of the live hosts, for Prometheus (served by web mode, the desktop app, agent). */
  readonly metrics: MetricsExposition;
  /** The in-app alerts: rules evaluated once a second on what the dashboard shows. */
  readonly alerts: AlertEngine;
  start(): void;
  stop(): void;
}

export async function createAppCore(options: AppOptions): Promise<AppCore> {
  // Log lines quote what hosts print (xentop's stderr, a command's error): never raw.
  const sink = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => sink(printable(line, 4000));
  const homeDir = options.homeDir ?? homedir();
  const store = new SeriesStore();
  const latency = new HostHistory<LatencySample>();
  // An hour of readings every 5 s: each holds every VM's 24-bucket histogram.
  const waits = new HostHistory<SchedWaits>(720);
  const hub = new EventHub();
  // Everything published is also offered to the session journal, which picks what it keeps.
  const recorder = new EventRecorder(() => registry.list());
  const metrics = new VslicerMetrics(
    {
      hosts: () => registry.list(),
      latestSample: (id) => store.latest(id),
      sched: (id) => registry.controls(id).sched,
    },
    options.version,
  );
  // The advisor follows switches and probe rounds to hold its predictions against what follows.
  const checks = new PredictionChecks((check) =>
    publish({ name: 'predictionCheck', payload: check }),
  );
  // Alert settings live beside hosts.json; a file that does not validate is said, and the
  // defaults apply to what it held.
  const alertStore = options.dataDir ? new AlertSettingsStore(options.dataDir) : null;
  const loadedAlerts = alertStore ? await alertStore.load() : null;
  loadedAlerts?.problems.forEach(log);
  const alerts = new AlertEngine({
    sources: {
      hosts: () => registry.list(),
      // A host removed while its last sample is published has no controls: no listing, no throw.
      sched: (id) => (registry.has(id) ? registry.controls(id).sched : null),
      latestSample: (id) => store.latest(id),
      latency: (id, sinceMs) => latency.history(id, sinceMs),
    },
    onAlert: (alert) => publish({ name: 'alert', payload: alert }),
    settings: loadedAlerts?.settings ?? defaultAlertSettings(),
    save: alertStore ? (settings) => alertStore.save(settings) : undefined,
  });
  const publish: Publish = (event) => {
    hub.publish(event);
    recorder.observe(event);
    metrics.observe(event);
    checks.observe(event);
    alerts.observe(event);
  };
  // A data directory that cannot be written is said at once, and the app runs without recording.
  const recording = options.record !== false;
  const dataProblem =
    options.dataDir && recording ? await prepareDataDir(options.dataDir, log) : null;
  if (dataProblem) log(dataProblem);
  const recordDir = dataProblem || !recording ? null : options.dataDir;
  const sessions = recordDir
    ? await SessionManager.open(recordDir, {
        app: `vslicer-console ${options.version}`,
        onChange: (list) => hub.publish({ name: 'sessionsChanged', payload: list }),
        prelude: () => recorder.prelude(),
        onError: (error) => log(`session journal: ${error.message}`),
      })
    : null;
  recorder.sink = sessions;
  const exports =
    sessions && recordDir
      ? createExportJobs(
          sessions,
          join(recordDir, 'exports'),
          (job) => hub.publish({ name: 'exportProgress', payload: job }),
          options.pdfPrinter,
          options.exportDownloadBase,
          log,
        )
      : null;
  const prompts = new PromptBroker(publish);
  const trustStore = options.dataDir ? await openTrustStore(options.dataDir) : null;
  const registry = new HostRegistry({
    publish,
    onSample: (sample) => {
      store.append(sample);
      publish({ name: 'hostSample', payload: sample });
    },
    onLatency: (sample) => {
      latency.append(sample);
      publish({ name: 'latencySample', payload: sample });
    },
    onWaits: (reading) => {
      waits.append(reading);
      publish({ name: 'schedWaits', payload: reading });
    },
    log,
    store:
      options.dataDir && !options.configuredHosts ? new HostConfigStore(options.dataDir) : null,
    ssh: trustStore
      ? { trustStore, prompts, secrets: options.secrets ?? new MemorySecretStore(), homeDir }
      : null,
  });
  const builtIns = options.hosts ?? [createDemoHostDefinition()];
  builtIns.forEach((def) => registry.addBuiltIn(def));
  if (options.configuredHosts) registry.addConfigured(options.configuredHosts);
  else await registry.loadSaved();
  const info: AppInfo = {
    version: options.version,
    mode: options.mode,
    defaultHostId: builtIns[0]?.id ?? DEMO_HOST_ID,
    dataProblem,
  };
  const sharing =
    options.metricsTransport && recordDir
      ? new MetricsSharing(recordDir, metrics, options.metricsTransport, log)
      : null;
  const handlers = createHandlers({
    sharing,
    registry,
    store,
    latency,
    waits,
    prompts,
    info,
    homeDir,
    demo: builtIns[0]?.demo ?? null,
    sessions,
    exports,
    checks,
    alerts,
    log,
    recorded: sessions
      ? new RecordedSessions({ sessions, registry, store, latency, waits, checks, alerts, log })
      : null,
  });
  return {
    handlers,
    registry,
    metrics,
    dispatch: (method, payload) => dispatch(handlers, method, payload),
    subscribe: (sink) => hub.subscribe(sink),
    alerts,
    start: () => {
      registry.startAll();
      alerts.start();
      void sharing?.resume();
    },
    stop: () => {
      alerts.stop();
      registry.closeAll();
      void sharing?.stop();
      // Callers (signals, Electron's before-quit) do not wait: end the journal synchronously.
      sessions?.closeSync();
    },
  };
}

/** The simulation behind the built-in demo host, paced to the wall clock. */
export function createDemoHostDefinition(): HostDefinition {
  const demo = createDemoShell();
  return demoHostDefinition(demo.shell, {
    setRejectSwitches: (on) => void (demo.host.rejectSwitches = on),
  });
}
