import { describe, expect, it } from 'vitest';
import { trustedUrlCheck } from './trusted-url';

describe('our own renderer, and nothing that looks like it', () => {
  it('the dev server by its exact origin', () => {
    const ok = trustedUrlCheck('http://localhost:5173/', '/app/out/renderer/index.html');
    expect(ok('http://localhost:5173/')).toBe(true);
    expect(ok('http://localhost:5173/#/sessions?x=1')).toBe(true);
    expect(ok('http://localhost:5173.evil.example/')).toBe(false);
    expect(ok('http://localhost:51730/')).toBe(false);
    expect(ok('https://localhost:5173/')).toBe(false);
    expect(ok('http://localhost:5173@evil.example/')).toBe(false);
    expect(ok('not a url')).toBe(false);
  });

  it('the built index.html, with or without a query or hash', () => {
    const ok = trustedUrlCheck(undefined, '/app/out/renderer/index.html');
    expect(ok('file:///app/out/renderer/index.html')).toBe(true);
    expect(ok('file:///app/out/renderer/index.html#/x')).toBe(true);
    expect(ok('file:///app/out/renderer/other.html')).toBe(false);
    expect(ok('file:///etc/passwd')).toBe(false);
  });
});
