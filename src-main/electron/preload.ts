import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, METHOD_NAME } from '../common/channels';

/**
 * The only thing the page gets: one namespaced object (raw ipcRenderer would reach any channel).
 * A method name is checked here before it becomes a `vslicer:` channel, and again in main.
 */
const bridge = {
  invoke(method: unknown, payload: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !METHOD_NAME.test(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-method', message: 'Refused: not an API method name.' },
      });
    }
    return ipcRenderer.invoke(`${CHANNEL_PREFIX}${method}`, payload);
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, envelope: unknown) => listener(envelope);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('vslicer', bridge);
