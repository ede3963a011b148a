import type { ApiEventEnvelope, ApiHandlers } from '../common/api';
import type { AppInfo, HostId } from '../common/model';
import type { Result } from '../common/result';
import { createDemoHostDefinition, DEMO_HOST_ID } from '../hosts/demo-host';
import { HostConnection, type HostDefinition } from '../hosts/host-connection';
import { SeriesStore } from '../session/series-store';
import { createHandlers, EventHub } from './core';
import { dispatch } from './dispatch';

export interface AppOptions {
  mode: AppInfo['mode'];
  version: string;
  /** Hosts to watch; the built-in demo host when none are given. */
  hosts?: HostDefinition[];
  log?: (line: string) => void;
}

/** The composition root shared by the Electron shell, web mode and the tests. */
export interface AppCore {
  dispatch(method: unknown, payload: unknown): Promise<Result<unknown>>;
  subscribe(sink: (event: ApiEventEnvelope) => void): () => void;
  readonly handlers: ApiHandlers;
  start(): void;
  stop(): void;
}

export function createAppCore(options: AppOptions): AppCore {
  const log = options.log ?? ((line: string) => console.log(line));
  const store = new SeriesStore();
  const hub = new EventHub();
  const defs = options.hosts ?? [createDemoHostDefinition()];
  const hosts = new Map<HostId, HostConnection>();
  for (const def of defs) {
    hosts.set(
      def.id,
      new HostConnection(def, {
        onSample: (sample) => {
          store.append(sample);
          hub.publish({ name: 'hostSample', payload: sample });
        },
        onStatus: (status) => hub.publish({ name: 'hostStatus', payload: status }),
        onLog: (hostId, line) => log(`[${hostId}] ${line}`),
      }),
    );
  }
  const info: AppInfo = {
    version: options.version,
    mode: options.mode,
    defaultHostId: defs[0]?.id ?? DEMO_HOST_ID,
  };
  const handlers = createHandlers({ hosts, store, info });
  return {
    handlers,
    dispatch: (method, payload) => dispatch(handlers, method, payload),
    subscribe: (sink) => hub.subscribe(sink),
    start: () => hosts.forEach((h) => h.start()),
    stop: () => hosts.forEach((h) => h.close()),
  };
}
