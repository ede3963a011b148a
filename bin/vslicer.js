#!/usr/bin/env node
// The `vslicer` command. Runs the bundled CLI (out/main/cli.js, made by `npm run build`); in a
// source checkout that was not built yet it runs the TypeScript source through tsx instead.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const source = fileURLToPath(new URL('../src-main/cli/main.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', source, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
