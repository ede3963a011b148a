import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { requests, type ApiMethod } from '../common/api';
import { CHANNEL_PREFIX, EVENT_CHANNEL } from '../common/channels';
import { fail } from '../common/result';
import type { AppCore } from '../api/app';

/**
 * One handler per method of the contract (derived, never a hand-kept list). Each call is
 * checked for its sender: only our own window's top frame, loaded from our own renderer, may call.
 */
export function registerIpc(core: AppCore, isTrustedUrl: (url: string) => boolean): () => void {
  const methods = Object.keys(requests) as ApiMethod[];
  for (const method of methods) {
    ipcMain.handle(`${CHANNEL_PREFIX}${method}`, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return fail('forbidden', 'Refused: the call did not come from the vSlicer Console window.');
      }
      return core.dispatch(method, payload);
    });
  }
  return () => methods.forEach((m) => ipcMain.removeHandler(`${CHANNEL_PREFIX}${m}`));
}

/** Pushes every core event to a window while it lives. */
export function forwardEvents(core: AppCore, contents: WebContents): void {
  const unsubscribe = core.subscribe((event) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
  contents.once('destroyed', unsubscribe);
}
