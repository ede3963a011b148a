import WebSocket from 'ws';
import { expect, test } from './fixtures';

/** Opens a WebSocket to the API and reports how the server answered the upgrade. */
function tryUpgrade(url: string, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', (error) => resolve(`error: ${error.message}`));
  });
}

test.describe('web mode refuses callers without the token', () => {
  test('HTTP without the token or with a wrong one gets 401', async ({ request, webApp }) => {
    expect((await request.get(`${webApp.origin}/`)).status()).toBe(401);
    expect((await request.get(`${webApp.origin}/?token=wrong`)).status()).toBe(401);
    expect((await request.get(`${webApp.origin}/index.html`)).status()).toBe(401);
    const good = await request.get(webApp.url);
    expect(good.status()).toBe(200);
    expect(await good.text()).toContain('vSlicer Console');
  });

  test('the API socket needs the token and our own origin', async ({ webApp }) => {
    const ws = webApp.origin.replace('http:', 'ws:') + '/api';
    expect(await tryUpgrade(ws, webApp.origin)).toBe('401');
    expect(await tryUpgrade(`${ws}?token=nope`, webApp.origin)).toBe('401');
    expect(await tryUpgrade(`${ws}?token=${webApp.token}`, 'http://evil.example')).toBe('403');
    expect(await tryUpgrade(`${ws}?token=${webApp.token}`, webApp.origin)).toBe('open');
  });
});
