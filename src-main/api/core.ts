import type { ApiEventEnvelope, ApiHandlers } from '../common/api';
import type { AppInfo, HostId } from '../common/model';
import type { HostConnection } from '../hosts/host-connection';
import type { SeriesStore } from '../session/series-store';
import { CoreError } from './dispatch';

export interface CoreDeps {
  hosts: ReadonlyMap<HostId, HostConnection>;
  store: SeriesStore;
  info: AppInfo;
}

/** The one implementation of the contract in common/api.ts; transports only carry it. */
export function createHandlers({ hosts, store, info }: CoreDeps): ApiHandlers {
  const requireHost = (hostId: HostId): HostConnection => {
    const host = hosts.get(hostId);
    if (!host) throw new CoreError('unknown-host', `No host with id "${hostId}".`);
    return host;
  };
  return {
    getAppInfo: async () => info,
    listHosts: async () => [...hosts.values()].map((h) => h.summary()),
    getHistory: async ({ hostId, sinceMs }) => {
      requireHost(hostId);
      return store.history(hostId, sinceMs);
    },
  };
}

export type EventSink = (event: ApiEventEnvelope) => void;

/** Fan-out of pushed events to every connected window or browser tab. */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  publish(event: ApiEventEnvelope): void {
    for (const sink of this.sinks) {
      try {
        sink(event);
      } catch (error) {
        // One broken window must not stop the others from getting data.
        console.error('event sink failed:', error);
      }
    }
  }
}
