import { z } from 'zod';
import {
  events,
  isApiEvent,
  requests,
  type ApiClient,
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
  const on = <E extends ApiEventName>(name: E, listener: (p: ApiEventPayload<E>) => void) =>
    transport.onEvent((event) => {
      if (event.name !== name || !isApiEvent(event.name)) return;
      const parsed = events[name].safeParse(event.payload);
      if (parsed.success) listener(parsed.data as ApiEventPayload<E>);
      else console.error(`event ${name} rejected: ${z.prettifyError(parsed.error)}`);
    });
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
