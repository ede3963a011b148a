/**
 * A web-mode server for the renderer benchmark: the real `startWebServer`
 * and `dispatch`, with a backend of synthetic hosts instead of SSH — 20 hosts × 50 VMs by
 * default, one xentop-like frame per host per second, probe rounds for a few VMs of each host,
 * and one finished class switch per host so the annotations are drawn too.
 *
 * Standalone: `npx tsx bench/stream-server.ts [--hosts 20] [--vms 50]` prints the URL to open.
 */
import { fileURLToPath } from 'node:url';
import type { ApiEventEnvelope, ApiHandlers } from '../src-main/common/api';
import type { DomainSample, HostSample, HostSummary } from '../src-main/common/model';
import type { ClassSwitch, HostSched, LatencySample } from '../src-main/common/sched';
import { CoreError, dispatch } from '../src-main/api/dispatch';
import { startWebServer, type WebServer } from '../src-main/web/server';

export interface StreamServerOptions {
  hosts?: number;
  vms?: number;
  /** Seconds of history each host already has when the page opens (the charts start full). */
  backfillSec?: number;
  port?: number;
  rendererDir?: string;
}

const HISTORY_CAP = 3600;
const LATENCY_CAP = 600;
const PROBED_PER_HOST = 5;

/** A deterministic PRNG, so two runs stream the same numbers. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

interface SimHostState {
  summary: HostSummary;
  sched: HostSched;
  /** Each VM's demand level, random-walking; shares are demands normalised to the pCPUs. */
  demand: number[];
  history: HostSample[];
  latency: LatencySample[];
  switches: ClassSwitch[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export async function startStreamServer(
  options: StreamServerOptions = {},
): Promise<WebServer & { stop(): Promise<void> }> {
  const hostCount = options.hosts ?? 20;
  const vmCount = options.vms ?? 50;
  const random = rng(42);
  const now = Date.now();
  const sinks = new Set<(e: ApiEventEnvelope) => void>();
  const publish = (name: string, payload: unknown) => {
    for (const sink of sinks) sink({ name, payload });
  };

  const hosts = new Map<string, SimHostState>();
  for (let h = 1; h <= hostCount; h++) {
    const id = `host-${pad(h)}`;
    const names = Array.from(
      { length: vmCount },
      (_, i) => `vm-${pad(h)}-${String(i + 1).padStart(3, '0')}`,
    );
    hosts.set(id, {
      summary: {
        id,
        name: `Xen ${pad(h)}`,
        kind: 'ssh',
        target: `root@10.0.${h}.1:22`,
        profile: 'vslicer',
        capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
        polls: [],
        group: `Rack ${String.fromCharCode(65 + ((h - 1) % 4))}`,
        guestPcpus: 8,
        xenVersion: '4.17.5',
        scheduler: 'vslicer',
        status: {
          hostId: id,
          state: 'ready',
          message: null,
          since: now,
          retryAt: null,
          errorCode: null,
          keyChange: null,
        },
      },
      sched: {
        hostId: id,
        t: now,
        tsliceMs: 30,
        ratelimitUs: 1000,
        switchable: true,
        readOnlyReason: null,
        vms: names.map((name, i) => ({
          domid: i + 1,
          name,
          weight: i % 10 === 0 ? 512 : 256,
          cap: 0,
          microsliceMs: i % 7 === 0 ? 5 : 0,
          vmClass: i % 7 === 0 ? 'LSVM' : 'NLSVM',
        })),
      },
      demand: names.map(() => 0.5 + random()),
      history: [],
      latency: [],
      switches: [],
    });
  }

  function frame(state: SimHostState, t: number): HostSample {
    state.demand = state.demand.map((d) => Math.min(2, Math.max(0.05, d + (random() - 0.5) * 0.2)));
    const total = state.demand.reduce((a, b) => a + b, 0);
    const domains: DomainSample[] = [
      {
        name: 'Domain-0',
        state: '-----r',
        cpuPct: 3 + random() * 2,
        share: null,
        memKiB: 4194304,
        maxMemKiB: null,
        vcpus: 2,
      },
      ...state.sched.vms.map((vm, i) => {
        const share = (0.95 * (state.demand[i] ?? 0)) / total;
        return {
          name: vm.name,
          state: random() < 0.5 ? '-b----' : '-----r',
          cpuPct: share * 100 * state.summary.guestPcpus,
          share,
          memKiB: 2097152,
          maxMemKiB: 2097152,
          vcpus: 1,
        };
      }),
    ];
    return { hostId: state.summary.id, t, domains, rejected: [], gapBefore: false };
  }

  function probe(state: SimHostState, t: number): LatencySample[] {
    return state.sched.vms.slice(0, PROBED_PER_HOST).map((vm) => ({
      hostId: state.summary.id,
      vm: vm.name,
      address: `10.0.${state.summary.id.slice(-2)}.${vm.domid + 10}`,
      t,
      rttMs: Array.from({ length: 3 }, () =>
        random() < 0.01 ? null : (vm.vmClass === 'LSVM' ? 2 : 20) + random() * 40,
      ),
    }));
  }

  const keep = <T>(list: T[], item: T, cap: number) => {
    list.push(item);
    if (list.length > cap) list.splice(0, list.length - cap);
  };

  // Backfill, then one finished switch per host a minute ago (drawn as an annotation).
  const backfill = options.backfillSec ?? 300;
  for (const state of hosts.values()) {
    for (let s = backfill; s > 0; s--)
      keep(state.history, frame(state, now - s * 1000), HISTORY_CAP);
    const vm = state.sched.vms[1];
    if (vm) {
      state.switches.push({
        id: `${state.summary.id}-sw1`,
        hostId: state.summary.id,
        domid: vm.domid,
        vm: vm.name,
        from: { vmClass: 'NLSVM', microsliceMs: 0 },
        to: { vmClass: 'LSVM', microsliceMs: 5 },
        argv: ['xl', 'sched-vslicer', '-d', vm.name, '-m', '5'],
        command: `xl sched-vslicer -d ${vm.name} -m 5`,
        state: 'done',
        startedAt: now - 60_000,
        finishedAt: now - 59_500,
        hostReply: '',
        exitCode: 0,
        readBackMs: 5,
        error: null,
        undoOf: null,
      });
    }
  }

  const tick = setInterval(() => {
    const t = Date.now();
    for (const state of hosts.values()) {
      const sample = frame(state, t);
      keep(state.history, sample, HISTORY_CAP);
      publish('hostSample', sample);
      for (const l of probe(state, t)) {
        keep(state.latency, l, LATENCY_CAP);
        publish('latencySample', l);
      }
    }
  }, 1000);

  const host = (id: string) => {
    const state = hosts.get(id);
    if (!state) throw new CoreError('unknown-host', `No host with id "${id}".`);
    return state;
  };
  const unsupported = async (): Promise<never> => {
    throw new CoreError('unsupported', 'Not part of the benchmark backend.');
  };

  const handlers: ApiHandlers = {
    getAppInfo: async () => ({
      version: 'bench',
      mode: 'web',
      defaultHostId: 'host-01',
      dataProblem: null,
    }),
    listHosts: async () => [...hosts.values()].map((s) => s.summary),
    getHistory: async ({ hostId, sinceMs }) =>
      host(hostId).history.filter((s) => sinceMs === undefined || s.t > sinceMs),
    getSched: async ({ hostId }) => host(hostId).sched,
    listClassSwitches: async ({ hostId }) => host(hostId).switches,
    getLatency: async ({ hostId, sinceMs }) =>
      host(hostId).latency.filter((l) => sinceMs === undefined || l.t > sinceMs),
    // Synthetic hosts keep no scheduling waits (the panel then says the host gives none).
    getSchedWaits: async () => [],
    getProbeTargets: async ({ hostId }) =>
      host(hostId).sched.vms.map((vm, i) =>
        i < PROBED_PER_HOST
          ? {
              vm: vm.name,
              address: `10.0.0.${i + 10}`,
              source: 'discovered' as const,
              problem: null,
            }
          : { vm: vm.name, address: null, source: null, problem: 'Not probed in the benchmark.' },
      ),
    getProbeSettings: async () => ({ intervalSec: 1, count: 3 }),
    // The stream benchmark raises no alerts (bench/alerts.bench.ts times the engine).
    listAlerts: async () => ({ active: [], history: [] }),
    getAlertSettings: unsupported,
    setAlertOverride: unsupported,
    addHost: unsupported,
    getHostConfig: unsupported,
    updateHost: unsupported,
    removeHost: unsupported,
    connectHost: async () => ({}),
    disconnectHost: async () => ({}),
    repinHostKey: unsupported,
    answerHostKey: unsupported,
    answerCredential: unsupported,
    importSshConfig: async () => [],
    listProfiles: async () => [],
    planMicroslice: unsupported,
    previewClassSwitch: unsupported,
    switchClass: unsupported,
    undoClassSwitch: unsupported,
    setProbeTarget: unsupported,
    setProbeSettings: unsupported,
    setDemoBehaviour: unsupported,
    getAdvice: unsupported,
    predictSwitch: unsupported,
    listPredictionChecks: async () => [],
    // The benchmark streams live hosts only: no recorded sessions.
    listSessions: async () => [],
    startRecording: unsupported,
    stopRecording: async () => null,
    renameSession: unsupported,
    deleteSession: unsupported,
    exportSession: unsupported,
    cancelExport: unsupported,
    openSession: unsupported,
    closeSession: unsupported,
    getMetricsSharing: unsupported,
    setMetricsSharing: unsupported,
  };

  const server = await startWebServer({
    port: options.port ?? 0,
    rendererDir: options.rendererDir ?? fileURLToPath(new URL('../out/renderer', import.meta.url)),
    backend: {
      dispatch: (method, payload) => dispatch(handlers, method, payload),
      subscribe: (sink) => (sinks.add(sink), () => sinks.delete(sink)),
    },
  });
  return {
    ...server,
    async stop() {
      clearInterval(tick);
      await server.close();
    },
  };
}

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startStreamServer({ hosts: flag('hosts', 20), vms: flag('vms', 50) });
  console.log(
    `stream server (${flag('hosts', 20)} hosts × ${flag('vms', 50)} VMs at 1 Hz) at ${server.url}`,
  );
  process.on('SIGINT', () => void server.stop().then(() => process.exit(0)));
}
