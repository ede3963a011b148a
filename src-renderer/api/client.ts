import { createApiClient, type ApiClientWithEvents } from '@common/api-client';
import { frameBatched } from './frame-batched';
import { ipcTransport } from './ipc-transport';
import { wsTransport } from './ws-transport';

/**
 * Inside Electron the preload provides `window.vslicer`; in a browser (web mode) the same
 * contract runs over a WebSocket to the page's own origin, carrying the token of the page URL.
 */
function pickTransport() {
  if (window.vslicer) return ipcTransport(window.vslicer);
  const token = new URLSearchParams(window.location.search).get('token');
  const url = new URL('/api', window.location.href);
  url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = token ? `?token=${encodeURIComponent(token)}` : '';
  return wsTransport(url.toString());
}

export const api: ApiClientWithEvents = createApiClient(frameBatched(pickTransport()));
