import type { ParsedArgs } from './args';
import { readTokenFile } from '../web/metrics-auth';
import { parseListenAddress, type ListenAddress } from '../web/metrics-server';
import { newToken } from '../web/token-auth';

export interface MetricsFlags {
  /** null: `/metrics` on the UI's own 127.0.0.1 port. */
  listen: ListenAddress | null;
  token: string;
  /** Where the token came from, for the line the command prints. */
  tokenFile: string | null;
}

/**
 * `--metrics-listen ADDR:PORT` and `--metrics-token-file FILE`. Without a file the token is made
 * for this run and printed once, as the UI's token is: kept in memory only, never written.
 */
export async function readMetricsFlags(flags: ParsedArgs['flags']): Promise<MetricsFlags | string> {
  const listenRaw = flags.get('metrics-listen');
  let listen: ListenAddress | null = null;
  if (listenRaw !== undefined) {
    const parsed = parseListenAddress(listenRaw === true ? '' : listenRaw);
    if (typeof parsed === 'string') return parsed;
    listen = parsed;
  }
  const file = flags.get('metrics-token-file');
  if (file === true) return '--metrics-token-file needs a file name.';
  if (file === undefined) return { listen, token: newToken(), tokenFile: null };
  try {
    return { listen, token: await readTokenFile(file), tokenFile: file };
  } catch (error) {
    return `--metrics-token-file: ${(error as Error).message}`;
  }
}

/** The line that tells the operator where Prometheus scrapes, and with which token. */
export function metricsLine(url: string, m: MetricsFlags): string {
  return m.tokenFile
    ? `Metrics for Prometheus at ${url} (bearer token from ${m.tokenFile})\n`
    : `Metrics for Prometheus at ${url} (bearer token for this run: ${m.token})\n`;
}
