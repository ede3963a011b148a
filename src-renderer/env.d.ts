/// <reference types="vite/client" />
import type { PreloadBridge } from './api/ipc-transport';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present only inside the Electron window (src-main/electron/preload.ts). */
    vslicer?: PreloadBridge;
  }
}
