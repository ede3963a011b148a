import { z } from 'zod';
import {
  events,
  isApiEvent,
  requests,
  type ApiClient,
  type ApiEventEnvelope,
  type ApiEventName,
  type ApiEventPayload,
  type ApiMethod,
  type ApiTransport,
} from './api';
import type { AppError } from './result';

/** A failed call, carrying the core's error as data. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  static from(error: AppError): ApiError {
    return new ApiError(error.code, error.message);
  }
}

export interface ApiClientWithEvents extends ApiClient {
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on<E extends ApiEventName>(name: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
}

/**
 * The renderer's client, derived from the contract with a Proxy: every method of `requests` is
 * callable, and none other exists (no hand-kept list of channels to drift from it). Responses and
 * events are validated here too, so a wrong answer fails loudly at the boundary, not in a chart.
 * An event is validated once however many listeners it has (a 50-VM sample is not small), and
 * they all get the one validated payload: listeners read it, never change it.
 */
export function createApiClient(transport: ApiTransport): ApiClientWithEvents {
  const call = async (method: ApiMethod, payload: unknown): Promise<unknown> => {
    const result = await transport.invoke(method, payload);
    if (!result.ok) throw ApiError.from(result.error);
    const parsed = requests[method].res.safeParse(result.value);
    if (!parsed.success) {
      throw new ApiError('invalid-response', `${method}: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  };
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  let subscribed = false;
  const deliver = (event: ApiEventEnvelope) => {
    if (!isApiEvent(event.name)) return;
    const those = listeners.get(event.name);
    if (!those?.size) return;
    const parsed = events[event.name].safeParse(event.payload);
    if (!parsed.success) {
      console.error(`event ${event.name} rejected: ${z.prettifyError(parsed.error)}`);
      return;
    }
    for (const listener of [...those]) listener(parsed.data);
  };
  const on = <E extends ApiEventName>(name: E, listener: (p: ApiEventPayload<E>) => void) => {
    let those = listeners.get(name);
    if (!those) listeners.set(name, (those = new Set()));
    // A wrapper of its own, so one function subscribed twice is delivered twice, as asked.
    const entry = (payload: unknown) => listener(payload as ApiEventPayload<E>);
    those.add(entry);
    if (!subscribed) {
      subscribed = true;
      transport.onEvent(deliver);
    }
    return () => void those.delete(entry);
  };
  return new Proxy({ on } as ApiClientWithEvents, {
    get(target, prop) {
      if (prop === 'on') return target.on;
      if (typeof prop === 'string' && Object.hasOwn(requests, prop)) {
        return (payload: unknown) => call(prop as ApiMethod, payload ?? {});
      }
      return undefined;
    },
  });
}
