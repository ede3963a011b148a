import type {
  ApiEventName,
  ApiEventPayload,
  ApiMethod,
  ApiRequest,
  ApiResponse,
} from '@common/api';
import { ApiError, type ApiClientWithEvents } from '@common/api-client';

/**
 * A stand-in for `api/client` in unit tests, so stores and components run without a core: records
 * every call, answers from handlers a test registers, and pushes events as the core would. A
 * method without a handler fails as the real core does for a method it lacks.
 */
export interface FakeApi extends ApiClientWithEvents {
  readonly calls: Array<{ method: ApiMethod; req: unknown }>;
  respond<M extends ApiMethod>(
    method: M,
    handler: (req: ApiRequest<M>) => ApiResponse<M> | Promise<ApiResponse<M>>,
  ): void;
  emit<E extends ApiEventName>(name: E, payload: ApiEventPayload<E>): void;
  callsOf<M extends ApiMethod>(method: M): Array<ApiRequest<M>>;
  /** Forget calls, handlers and listeners (between tests). */
  reset(): void;
}

export function createFakeApi(): FakeApi {
  const calls: FakeApi['calls'] = [];
  const handlers = new Map<string, (req: never) => unknown>();
  const listeners = new Map<string, Set<(payload: never) => void>>();

  const fake = {
    calls,
    respond(method: ApiMethod, handler: (req: never) => unknown) {
      handlers.set(method, handler);
    },
    emit(name: ApiEventName, payload: unknown) {
      for (const l of listeners.get(name) ?? []) (l as (p: unknown) => void)(payload);
    },
    callsOf(method: ApiMethod) {
      return calls.filter((c) => c.method === method).map((c) => c.req);
    },
    on(name: ApiEventName, listener: (payload: never) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(listener));
      return () => set.delete(listener);
    },
    reset() {
      calls.length = 0;
      handlers.clear();
      listeners.clear();
    },
  };
  return new Proxy(fake, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) return Reflect.get(target, prop);
      return async (req: unknown) => {
        calls.push({ method: prop as ApiMethod, req });
        const handler = handlers.get(prop);
        if (!handler) throw new ApiError('unknown-method', `No such API method: ${prop}`);
        return (handler as (r: unknown) => unknown)(req);
      };
    },
  }) as unknown as FakeApi;
}
