import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The packaged app's hardening, as electron-builder applies it (the Electron security checklist). */
describe('electron-builder configuration', () => {
  const yml = readFileSync(new URL('./electron-builder.yml', import.meta.url), 'utf8');
  const fuse = (name: string) => new RegExp(`^\\s+${name}: (true|false)$`, 'm').exec(yml)?.[1];

  it('flips the fuses: no Node.js through the app, encrypted cookies, only our asar', () => {
    expect(yml).toMatch(/^electronFuses:$/m);
    expect(fuse('runAsNode')).toBe('false');
    expect(fuse('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuse('enableNodeCliInspectArguments')).toBe('false');
    expect(fuse('enableCookieEncryption')).toBe('true');
    expect(fuse('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuse('onlyLoadAppFromAsar')).toBe('true');
  });

  it('the main process answers every permission check and request with no', () => {
    const main = readFileSync(new URL('./src-main/electron/main.ts', import.meta.url), 'utf8');
    expect(main).toMatch(/setPermissionRequestHandler\(\(_wc, _perm, done\) => done\(false\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
  });
});
