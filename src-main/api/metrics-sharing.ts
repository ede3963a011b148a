import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  METRICS_SHARING_DEFAULT_PORT,
  type MetricsSharingRequest,
  type MetricsSharingState,
} from '../common/metrics-sharing';
import { Refusal } from '../common/refusal';
import type { MetricsExposition } from '../metrics/vslicer-metrics';

/** A running `/metrics` listener. */
export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * The HTTP side, handed in by the shell that has it (web/metrics-transport.ts): the same listener,
 * token check and token-file rules as `vslicer web --metrics-listen` and the agent.
 */
export interface MetricsTransport {
  listen(
    at: { host: string; port: number },
    token: string,
    endpoint: MetricsExposition,
  ): Promise<MetricsListener>;
  /** The operator's token file, refused when others may read it or the token is short. */
  readTokenFile(path: string): Promise<string>;
  newToken(): string;
}

/** Beside the window state in the data directory: what the switch was left at. */
export const METRICS_SHARING_FILE = 'metrics-sharing.json';
/** The token the app makes when the operator turns sharing on without a file of their own. */
export const OWN_TOKEN_FILE = 'metrics.token';

interface Settings {
  enabled: boolean;
  port: number;
  listenAll: boolean;
  /** The operator's file; null: the app's own under the data directory. */
  tokenFile: string | null;
}

const OFF: Settings = {
  enabled: false,
  port: METRICS_SHARING_DEFAULT_PORT,
  listenAll: false,
  tokenFile: null,
};

/**
 * The desktop's opt-in `/metrics`: off by default; turned on, it serves the core's exposition on
 * a listener of its own behind a bearer token; the choice is kept across restarts. The token is
 * either the operator's file or one the app writes 0600 under the data directory when the
 * operator turns sharing on (shown once, in the answer to that call), and removes when it is
 * turned off: a secret with nothing left to open is not kept. No Electron here, so it is tested
 * as it is.
 */
export class MetricsSharing {
  private settings: Settings = OFF;
  private listener: MetricsListener | null = null;
  private error: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly endpoint: MetricsExposition,
    private readonly transport: MetricsTransport,
    private readonly log: (line: string) => void,
  ) {}

  private get ownTokenPath(): string {
    return join(this.dataDir, OWN_TOKEN_FILE);
  }

  state(newToken: string | null = null): MetricsSharingState {
    const s = this.settings;
    return {
      available: true,
      unavailableReason: null,
      enabled: s.enabled,
      port: s.port,
      listenAll: s.listenAll,
      tokenFile: s.tokenFile ?? (s.enabled ? this.ownTokenPath : null),
      ownTokenFile: s.tokenFile === null,
      url: this.listener?.url ?? null,
      error: this.error,
      newToken,
    };
  }

  /** At start-up: serves again if it was left on; a failure is kept in the state and logged. */
  async resume(): Promise<void> {
    this.settings = await this.readSettings();
    if (!this.settings.enabled) return;
    try {
      const token = await this.transport.readTokenFile(
        this.settings.tokenFile ?? this.ownTokenPath,
      );
      await this.start(token);
    } catch (error) {
      this.error = `Metrics for Prometheus are on but not served: ${(error as Error).message}`;
      this.log(this.error);
    }
  }

  async set(req: MetricsSharingRequest): Promise<MetricsSharingState> {
    if (!req.enabled) {
      await this.stop();
      this.error = null;
      if (this.settings.tokenFile === null) await rm(this.ownTokenPath, { force: true });
      this.settings = { ...this.settings, enabled: false };
      await this.saveSettings();
      return this.state();
    }
    const next: Settings = {
      enabled: true,
      port: req.port ?? this.settings.port,
      listenAll: req.listenAll ?? this.settings.listenAll,
      tokenFile: req.tokenFile === undefined ? this.settings.tokenFile : req.tokenFile,
    };
    // The token is settled before anything running is touched: a bad file changes nothing.
    let made: string | null = null;
    let token: string;
    if (next.tokenFile !== null) {
      token = await this.operatorToken(next.tokenFile);
    } else {
      made = await this.ownToken();
      token = made ?? (await this.transport.readTokenFile(this.ownTokenPath));
    }
    const previous = this.listener;
    await this.stop();
    try {
      await this.start(token, next);
    } catch (error) {
      // Nothing new was turned on, so a secret made for it goes again.
      if (made !== null) await rm(this.ownTokenPath, { force: true });
      if (previous) await this.resume();
      throw error;
    }
    this.error = null;
    this.settings = next;
    await this.saveSettings();
    // Moved to the operator's file: the app's own token opens nothing any more.
    if (next.tokenFile !== null) await rm(this.ownTokenPath, { force: true });
    return this.state(made);
  }

  /** Stops serving (turned off, or the app quits); the setting stays as it is. */
  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
  }

  private async start(token: string, settings: Settings = this.settings): Promise<void> {
    const host = settings.listenAll ? '0.0.0.0' : '127.0.0.1';
    try {
      this.listener = await this.transport.listen(
        { host, port: settings.port },
        token,
        this.endpoint,
      );
    } catch (error) {
      throw listenRefusal(error as NodeJS.ErrnoException, host, settings.port);
    }
    this.log(`Metrics for Prometheus at ${this.listener.url}`);
  }

  private async operatorToken(path: string): Promise<string> {
    try {
      return await this.transport.readTokenFile(path);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? `${path} does not exist.` : e.message;
      throw new Refusal('bad-token-file', `The token file cannot be used: ${why}`);
    }
  }

  /**
   * Writes a new token 0600 to the app's file when there is none yet (exclusive create: an
   * existing file, e.g. one Prometheus was already given, is kept); returns it, or null if kept.
   */
  private async ownToken(): Promise<string | null> {
    const token = this.transport.newToken();
    try {
      await writeFile(this.ownTokenPath, `${token}\n`, { mode: 0o600, flag: 'wx' });
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw error;
    }
  }

  private async readSettings(): Promise<Settings> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(this.dataDir, METRICS_SHARING_FILE), 'utf8'));
    } catch {
      return OFF;
    }
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const port = Number.isInteger(r.port) && (r.port as number) > 0 && (r.port as number) < 65536;
    return {
      enabled: r.enabled === true,
      port: port ? (r.port as number) : OFF.port,
      listenAll: r.listenAll === true,
      tokenFile: typeof r.tokenFile === 'string' && r.tokenFile ? r.tokenFile : null,
    };
  }

  private async saveSettings(): Promise<void> {
    const file = join(this.dataDir, METRICS_SHARING_FILE);
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify(this.settings, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
  }
}

/** What an operator can act on when the listener cannot be opened. */
function listenRefusal(error: NodeJS.ErrnoException, host: string, port: number): Refusal {
  if (error.code === 'EADDRINUSE') {
    return new Refusal(
      'port-in-use',
      `Port ${port} on ${host} is already in use by another program; choose another port.`,
    );
  }
  if (error.code === 'EACCES') {
    return new Refusal(
      'port-denied',
      `Port ${port} needs privileges this app does not have; choose a port above 1023.`,
    );
  }
  return new Refusal('listen-failed', `Cannot listen on ${host}:${port}: ${error.message}`);
}
