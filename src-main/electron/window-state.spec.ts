import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowBounds } from './window-state';

const dir = () => mkdtempSync(join(tmpdir(), 'vslicer-win-'));

describe('loadWindowBounds', () => {
  it('uses the default size on first start and on a damaged file', () => {
    expect(loadWindowBounds(dir())).toEqual({ width: 1280, height: 820 });
    const d = dir();
    writeFileSync(join(d, 'window-state.json'), '{"width": "wide"');
    expect(loadWindowBounds(d)).toEqual({ width: 1280, height: 820 });
  });

  it('restores the remembered size and place, never below the minimum', () => {
    const d = dir();
    writeFileSync(
      join(d, 'window-state.json'),
      JSON.stringify({ width: 1500.4, height: 300, x: 10, y: 20 }),
    );
    expect(loadWindowBounds(d)).toEqual({ width: 1500, height: 560, x: 10, y: 20 });
  });
});
