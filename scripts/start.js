#!/usr/bin/env node
// `npm start`: the desktop app on the demo host. Where no Electron binary can be had (Electron
// 42+ downloads it on first run), say so in one line and run web mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!existsSync(join(root, 'out/main/index.js')) || process.env.VSLICER_REBUILD) {
  if (run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);
}

function electronPath() {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkg, 'path.txt');
    if (existsSync(pathFile)) {
      const full = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
      if (existsSync(full)) return full;
    }
    // Let Electron fetch its binary the way it does on first run; quietly, we report below.
    const fetched = spawnSync(process.execPath, [join(pkg, 'install.js')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    if (fetched.status === 0 && existsSync(pathFile)) {
      const full = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
      if (existsSync(full)) return full;
    }
  } catch {
    // fall through: no Electron here
  }
  return null;
}

const electron = electronPath();
if (electron) {
  const child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron cannot be had on this machine, so vSlicer Console starts in web mode instead (npm run web); open the address below.',
  );
  const child = spawn(process.execPath, [join(root, 'bin/vslicer.js'), 'web'], {
    cwd: root,
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
