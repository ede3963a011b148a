import type { ApiEvent } from '../common/api';

export type EventSink = (event: ApiEvent) => void;

/** Fan-out of pushed events to every connected window or browser tab. */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  publish(event: ApiEvent): void {
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
