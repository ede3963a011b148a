import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ApiEventEnvelope } from '../common/api';
import type { Result } from '../common/result';
import {
  jsonDepthExceeds,
  WIRE_CALL_MAX_DEPTH,
  WireCallSchema,
  type WireServerMessage,
} from '../common/wire';

export interface ApiBackend {
  dispatch(method: unknown, payload: unknown): Promise<Result<unknown>>;
  subscribe(sink: (event: ApiEventEnvelope) => void): () => void;
}

/** Past this much unsent data a slow tab skips live events rather than grow memory without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A client that lets this much pile up while it keeps calling is not reading: it is closed. */
const MAX_UNREAD_BYTES = 32 * 1024 * 1024;
/** Calls one client may have in flight; more are answered at once with a refusal. */
const MAX_IN_FLIGHT = 64;

/**
 * Carries the API contract over one WebSocket: calls in, results and pushed events out. A peer
 * cannot exhaust the core: a call is bounded in size (ws's maxPayload) and depth (checked before
 * parsing), calls in flight are bounded, live events are skipped for a tab that reads slowly, and
 * a client whose results pile up unread is closed — its buffers go with it.
 */
export function bridgeSocket(socket: WebSocket, backend: ApiBackend): void {
  let inFlight = 0;
  const send = (message: WireServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (message.kind === 'result' && socket.bufferedAmount > MAX_UNREAD_BYTES) {
      socket.close(1008, 'not reading its results');
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const unsubscribe = backend.subscribe((event) => {
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    send({ kind: 'event', name: event.name, payload: event.payload });
  });
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
  socket.on('message', async (data, isBinary) => {
    const text = isBinary ? '' : data.toString();
    if (jsonDepthExceeds(text, WIRE_CALL_MAX_DEPTH)) {
      socket.close(1009, `nested deeper than ${WIRE_CALL_MAX_DEPTH} levels`);
      return;
    }
    let json: unknown;
    try {
      json = isBinary ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const call = WireCallSchema.safeParse(json);
    if (!call.success) {
      // Without a valid id there is nothing to answer; closing tells the client it spoke wrongly.
      socket.close(1003, `bad message: ${z.prettifyError(call.error).slice(0, 100)}`);
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      const error = {
        code: 'busy',
        message: `More than ${MAX_IN_FLIGHT} calls at once from one window.`,
      };
      send({ kind: 'result', id: call.data.id, result: { ok: false, error } });
      return;
    }
    inFlight++;
    try {
      const result = await backend.dispatch(call.data.method, call.data.payload);
      send({ kind: 'result', id: call.data.id, result });
    } finally {
      inFlight--;
    }
  });
}
