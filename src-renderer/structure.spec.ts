import { describe, expect, it } from 'vitest';

/**
 * Rules of the renderer's layout that no compiler checks: features over one shared charts/, with
 * one Chart.js registration and one theme, and no two files of one name (a name says one thing).
 */
const sources = import.meta.glob<string>(['./**/*.ts', './**/*.vue', '!./**/*.spec.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const renderer = Object.keys(import.meta.glob(['./**/*.ts', './**/*.vue']));
const common = Object.keys(import.meta.glob('../src-main/common/**/*.ts'));
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const where = (pattern: RegExp) =>
  Object.entries(sources)
    .filter(([, text]) => pattern.test(text))
    .map(([path]) => path);

describe('renderer structure', () => {
  it('registers Chart.js parts in charts/register.ts only, and draws charts only through charts/chart-components.ts', () => {
    expect(where(/Chart\.register\(/)).toEqual(['./charts/register.ts']);
    expect(where(/from 'vue-chartjs'/)).toEqual(['./charts/chart-components.ts']);
    expect(where(/import '.*\/register'/)).toEqual(['./charts/chart-components.ts']);
  });

  it('reads chart colours from the one theme', () => {
    expect(where(/getComputedStyle\(/)).toEqual(['./charts/theme.ts']);
  });

  it('gives no two files the same name, here or in src-main/common', () => {
    expect(renderer.length).toBeGreaterThan(50);
    expect(common.length).toBeGreaterThan(10);
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const path of [...common, ...renderer]) {
      const name = basename(path);
      const first = seen.get(name);
      if (first) clashes.push(`${first} ~ ${path}`);
      else seen.set(name, path);
    }
    expect(clashes).toEqual([]);
  });
});
