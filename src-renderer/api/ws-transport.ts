import type { ApiEventEnvelope, ApiMethod, ApiTransport } from '@common/api';
import type { Result } from '@common/result';
import { WireServerMessageSchema, type WireCall } from '@common/wire';

interface Pending {
  resolve(result: Result<unknown>): void;
}

/**
 * The API over one WebSocket (web mode). Calls made while the socket is down wait for it;
 * if the server goes away, calls in flight fail as data and the socket is reopened.
 */
export function wsTransport(url: string): ApiTransport {
  const listeners = new Set<(event: ApiEventEnvelope) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = (): void => {
    socket = new WebSocket(url);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve()));
    socket.addEventListener('message', (message) => {
      let json: unknown;
      try {
        json = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const parsed = WireServerMessageSchema.safeParse(json);
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.kind === 'event') {
        for (const listener of listeners) listener({ name: msg.name, payload: msg.payload });
      } else {
        pending.get(msg.id)?.resolve(msg.result);
        pending.delete(msg.id);
      }
    });
    socket.addEventListener('close', () => {
      for (const p of pending.values()) {
        p.resolve({
          ok: false,
          error: { code: 'disconnected', message: 'Lost the connection to vSlicer Console.' },
        });
      }
      pending.clear();
      setTimeout(connect, 1000);
    });
  };
  connect();

  return {
    async invoke(method: ApiMethod, payload: unknown) {
      await opened;
      const id = nextId++;
      const call: WireCall = { kind: 'call', id, method, payload };
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, { resolve });
        socket.send(JSON.stringify(call));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
