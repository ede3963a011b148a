import type { ApiEventEnvelope, ApiMethod, ApiTransport } from '@common/api';
import type { Result } from '@common/result';

/** The one object the Electron preload exposes (src-main/electron/preload.ts builds it). */
export interface PreloadBridge {
  invoke(method: string, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: ApiEventEnvelope) => void): () => void;
}

export function ipcTransport(bridge: PreloadBridge): ApiTransport {
  return {
    invoke: (method: ApiMethod, payload: unknown) => bridge.invoke(method, payload),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
