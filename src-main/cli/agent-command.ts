import { version } from '../../package.json';
import { createAppCore, createDemoHostDefinition } from '../api/app';
import { defaultDataDir } from '../api/data-dir';
import { startMetricsServer } from '../web/metrics-server';
import { parseArgs } from './args';
import type { CliCommand } from './command';
import { readAgentHosts } from './agent-hosts';
import { metricsLine, readMetricsFlags } from './metrics-flags';

/** Where the agent serves /metrics when not told: loopback, a port of its own. */
export const AGENT_METRICS_DEFAULT = { host: '127.0.0.1', port: 9842 };

/**
 * The core without a window: the hosts of `--hosts FILE` or of the data directory's `hosts.json`
 * (the format the app writes; addresses may be ~/.ssh/config names), recorded to the session journal as the app records, and `/metrics`. Nobody is there
 * to answer a question, so none is accepted: an unknown or changed host key is refused and logged
 * (the host shows `failed` in vslicer_host_connection_state), a missing secret likewise; trust
 * comes from `~/.ssh/known_hosts` and the app's trust store only.
 */
export const agentCommand: CliCommand = {
  name: 'agent',
  summary:
    'the core without a window: hosts, the journal and /metrics (--hosts FILE, --metrics-listen' +
    ' ADDR:PORT, --metrics-token-file FILE, --demo adds the demo host)',
  async run(args, io) {
    const { flags } = parseArgs(args);
    const metricsFlags = await readMetricsFlags(flags);
    if (typeof metricsFlags === 'string') {
      io.stderr(`vslicer agent: ${metricsFlags}\n`);
      return 2;
    }
    const dataDir = defaultDataDir();
    const configured = await readAgentHosts(flags, dataDir);
    if (typeof configured === 'string') {
      io.stderr(`vslicer agent: ${configured}\n`);
      return 2;
    }
    const log = (line: string) => io.stderr(`${line}\n`);
    log(`watching ${configured.hosts.length} host(s) from ${configured.file}`);
    const core = await createAppCore({
      mode: 'agent',
      version,
      dataDir,
      configuredHosts: configured.hosts,
      hosts: flags.has('demo') ? [createDemoHostDefinition()] : [],
      log,
    });
    core.subscribe((event) => {
      if (event.name === 'hostKeyPrompt') {
        const p = event.payload;
        log(
          `[${p.hostId}] host key refused: ${p.keyType} ${p.fingerprint} of ${p.host}:${p.port} is not in known_hosts; the agent accepts no key (add it with ssh-keyscan or the app).`,
        );
        void core.dispatch('answerHostKey', { promptId: p.promptId, accept: false });
      } else if (event.name === 'hostStatus' && event.payload.keyChange) {
        const p = event.payload;
        const k = event.payload.keyChange;
        log(
          `[${p.hostId}] host key refused: the ${k.keyType} key changed from ${k.oldFingerprint} to ${k.newFingerprint}; polling stops until the new key is trusted (re-pin it in the app or fix known_hosts).`,
        );
      } else if (event.name === 'credentialPrompt') {
        const p = event.payload;
        log(`[${p.hostId}] a secret was asked for and the agent has none to give.`);
        void core.dispatch('answerCredential', { promptId: p.promptId, value: null });
      }
    });
    const at = metricsFlags.listen ?? AGENT_METRICS_DEFAULT;
    let server;
    try {
      server = await startMetricsServer(at, { endpoint: core.metrics, token: metricsFlags.token });
    } catch (error) {
      core.stop();
      io.stderr(
        `vslicer agent: cannot listen on ${at.host}:${at.port}: ${(error as Error).message}\n`,
      );
      return 1;
    }
    core.start();
    io.stdout(metricsLine(server.url, metricsFlags));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    // The journal is closed synchronously (everything received is on disk), then the listener.
    core.stop();
    await server.close();
    return 0;
  },
};
