import WebSocket from 'ws';
import type { WebApp } from './fixtures';

/**
 * Calls web mode's API from the test process itself, over the same token-protected WebSocket the
 * page uses: for tests that need no window (set-up, a class switch through the API).
 */
export async function callApiFromNode(
  app: WebApp,
  method: string,
  payload: unknown,
): Promise<unknown> {
  const ws = new WebSocket(`${app.origin.replace(/^http/, 'ws')}/api?token=${app.token}`);
  const result = await new Promise<unknown>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, payload })));
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { kind: string; id?: number; result?: unknown };
      if (msg.kind === 'result' && msg.id === 1) resolve(msg.result);
    });
  });
  ws.close();
  const r = result as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value;
}
