import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';

export interface WindowBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

const DEFAULT: WindowBounds = { width: 1280, height: 820 };
const MIN = { width: 800, height: 560 };

const file = (dir: string) => join(dir, 'window-state.json');

/** The size (and place) the window had when it last closed; defaults on first start or bad data. */
export function loadWindowBounds(userDataDir: string): WindowBounds {
  try {
    const raw: unknown = JSON.parse(readFileSync(file(userDataDir), 'utf8'));
    if (typeof raw !== 'object' || raw === null) return DEFAULT;
    const { width, height, x, y } = raw as Record<string, unknown>;
    if (typeof width !== 'number' || typeof height !== 'number') return DEFAULT;
    const bounds: WindowBounds = {
      width: Math.max(MIN.width, Math.round(width)),
      height: Math.max(MIN.height, Math.round(height)),
    };
    if (typeof x === 'number' && typeof y === 'number') Object.assign(bounds, { x, y });
    return bounds;
  } catch {
    return DEFAULT;
  }
}

export function rememberWindowBounds(win: BrowserWindow, userDataDir: string): void {
  win.on('close', () => {
    if (win.isMinimized() || win.isFullScreen()) return;
    try {
      writeFileSync(file(userDataDir), JSON.stringify(win.getNormalBounds()));
    } catch (error) {
      console.error('could not save the window size:', error);
    }
  });
}

export const MIN_WINDOW = MIN;
