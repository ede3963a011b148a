import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ApiEventEnvelope } from '../common/api';
import type { Result } from '../common/result';
import { WireCallSchema, type WireServerMessage } from '../common/wire';

export interface ApiBackend {
  dispatch(method: unknown, payload: unknown): Promise<Result<unknown>>;
  subscribe(sink: (event: ApiEventEnvelope) => void): () => void;
}

/** Past this much unsent data a slow tab skips live events rather than grow memory without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Carries the API contract over one WebSocket: calls in, results and pushed events out. */
export function bridgeSocket(socket: WebSocket, backend: ApiBackend): void {
  const send = (message: WireServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = backend.subscribe((event) => {
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    send({ kind: 'event', name: event.name, payload: event.payload });
  });
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
  socket.on('message', async (data, isBinary) => {
    let json: unknown;
    try {
      json = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      json = undefined;
    }
    const call = WireCallSchema.safeParse(json);
    if (!call.success) {
      // Without a valid id there is nothing to answer; closing tells the client it spoke wrongly.
      socket.close(1003, `bad message: ${z.prettifyError(call.error).slice(0, 100)}`);
      return;
    }
    const result = await backend.dispatch(call.data.method, call.data.payload);
    send({ kind: 'result', id: call.data.id, result });
  });
}
