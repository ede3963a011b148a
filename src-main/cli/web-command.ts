import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { createAppCore } from '../api/app';
import { defaultDataDir } from '../api/data-dir';
import { startWebServer } from '../web/server';
import { intFlag, parseArgs } from './args';
import type { CliCommand } from './command';

/** The built renderer: beside the bundled CLI (out/main → out/renderer), or out/ from source. */
function findRendererDir(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '../renderer'), join(here, '../../out/renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export const webCommand: CliCommand = {
  name: 'web',
  summary: 'serve the console to a browser on 127.0.0.1 (--port N, 0 picks a free port)',
  async run(args, io) {
    const { flags } = parseArgs(args);
    const port = intFlag(flags, 'port', 8420, 65535);
    if (typeof port === 'string') {
      io.stderr(`vslicer web: ${port}\n`);
      return 2;
    }
    const rendererDir = findRendererDir();
    if (!rendererDir) {
      io.stderr('vslicer web: the renderer is not built yet; run `npm run build` first.\n');
      return 1;
    }
    const dataDir = defaultDataDir();
    const core = await createAppCore({
      mode: 'web',
      version,
      dataDir,
      exportDownloadBase: '/exports/',
      log: (line) => io.stderr(`${line}\n`),
    });
    let server;
    try {
      server = await startWebServer({
        port,
        rendererDir,
        backend: core,
        exportsDir: join(dataDir, 'exports'),
      });
    } catch (error) {
      io.stderr(`vslicer web: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
      return 1;
    }
    core.start();
    io.stdout(`vSlicer Console at ${server.url}\n`);
    const running = server;
    await new Promise<void>((resolve) => {
      const shutdown = () => resolve();
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
    core.stop();
    await running.close();
    return 0;
  },
};
