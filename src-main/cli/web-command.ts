import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { createAppCore } from '../api/app';
import { defaultDataDir } from '../api/data-dir';
import { startMetricsServer, type MetricsServer } from '../web/metrics-server';
import { startWebServer } from '../web/server';
import { intFlag, parseArgs } from './args';
import { metricsLine, readMetricsFlags } from './metrics-flags';
import type { CliCommand } from './command';

/** The built renderer: beside the bundled CLI (out/main → out/renderer), or out/ from source. */
function findRendererDir(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '../renderer'), join(here, '../../out/renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export const webCommand: CliCommand = {
  name: 'web',
  summary:
    'serve the console to a browser on 127.0.0.1 (--port N, 0 picks a free port) and /metrics' +
    ' (--metrics-listen ADDR:PORT, --metrics-token-file FILE)',
  async run(args, io) {
    const { flags } = parseArgs(args);
    const port = intFlag(flags, 'port', 8420, 65535);
    if (typeof port === 'string') {
      io.stderr(`vslicer web: ${port}\n`);
      return 2;
    }
    const metricsFlags = await readMetricsFlags(flags);
    if (typeof metricsFlags === 'string') {
      io.stderr(`vslicer web: ${metricsFlags}\n`);
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
    const access = { endpoint: core.metrics, token: metricsFlags.token };
    let server;
    let metricsServer: MetricsServer | null = null;
    try {
      server = await startWebServer({
        port,
        rendererDir,
        backend: core,
        exportsDir: join(dataDir, 'exports'),
        metrics: metricsFlags.listen ? undefined : access,
      });
    } catch (error) {
      io.stderr(`vslicer web: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
      return 1;
    }
    if (metricsFlags.listen) {
      const at = metricsFlags.listen;
      try {
        metricsServer = await startMetricsServer(at, access);
      } catch (error) {
        await server.close();
        io.stderr(
          `vslicer web: cannot listen on ${at.host}:${at.port}: ${(error as Error).message}\n`,
        );
        return 1;
      }
    }
    core.start();
    io.stdout(`vSlicer Console at ${server.url}\n`);
    const metricsUrl = metricsServer?.url ?? `http://127.0.0.1:${server.port}/metrics`;
    io.stdout(metricsLine(metricsUrl, metricsFlags));
    const running = server;
    await new Promise<void>((resolve) => {
      const shutdown = () => resolve();
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
    core.stop();
    await Promise.all([running.close(), metricsServer?.close()]);
    return 0;
  },
};
