import type { Page } from '@playwright/test';

/**
 * Calls the app's API from inside the page, over the very transport the page uses: the preload
 * bridge in Electron, the token-protected WebSocket (cookie) in web mode. For test set-up only,
 * e.g. telling the demo host to refuse class switches.
 */
export async function callApi(page: Page, method: string, payload: unknown): Promise<unknown> {
  const result = await page.evaluate(
    async ({ method, payload }) => {
      // Runs in the page: its globals are typed here by hand (this file compiles without DOM types).
      const page = globalThis as unknown as {
        vslicer?: { invoke(m: string, p: unknown): Promise<unknown> };
        location: { origin: string };
        WebSocket: new (url: string) => {
          onerror: (() => void) | null;
          onopen: (() => void) | null;
          onmessage: ((m: { data: unknown }) => void) | null;
          send(data: string): void;
          close(): void;
        };
      };
      if (page.vslicer) return page.vslicer.invoke(method, payload);
      const ws = new page.WebSocket(`${page.location.origin.replace(/^http/, 'ws')}/api`);
      return new Promise((resolve, reject) => {
        ws.onerror = () => reject(new Error('api socket failed'));
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, payload }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data)) as { kind: string; id?: number; result?: unknown };
          if (msg.kind === 'result' && msg.id === 1) {
            ws.close();
            resolve(msg.result);
          }
        };
      });
    },
    { method, payload },
  );
  const r = result as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value;
}
