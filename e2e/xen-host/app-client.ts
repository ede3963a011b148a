/**
 * How the suite and the benchmark reach the real Xen host through the app's own code: the ssh2
 * transport with dom0's key pinned in the app's TrustStore beforehand (no trust on first use),
 * and argv from a host profile.
 */
import { SshShell } from '../../src-main/ssh/ssh-shell';
import { TrustStore } from '../../src-main/ssh/trust-store';
import { buildArgv, type HostAction } from '../../src-main/xen/argv';
import type { ResolvedProfile } from '../../src-main/xen/profiles';
import type { XenHost } from './xen-host';

/** A trust store in `dataDir` that knows `fingerprint` (default: the image's key) for the host. */
export async function pinnedTrustStore(
  xen: XenHost,
  dataDir: string,
  fingerprint = xen.hostKeyFingerprint,
): Promise<TrustStore> {
  const store = await TrustStore.open(dataDir);
  await store.accept({ host: xen.host, port: xen.port, keyType: 'ssh-ed25519', fingerprint });
  return store;
}

/** Logs in as root with the run's key; the pin decides, so being asked to trust a key is an error. */
export function connectPinned(xen: XenHost, trustStore: TrustStore): Promise<SshShell> {
  return SshShell.connect({
    host: xen.host,
    port: xen.port,
    auth: { username: xen.user, agentSocket: null, identityFiles: [xen.identityFile] },
    trust: {
      trustStore,
      confirmHostKey: () =>
        Promise.reject(
          new Error('the pinned host key was not recognised: the app asked to trust a key'),
        ),
    },
    connectTimeoutMs: 60_000,
  });
}

/** An action's argv through the profile; a refusal here is a bug in the test, not host behaviour. */
export function argvOf(profile: ResolvedProfile, action: HostAction): string[] {
  const r = buildArgv(profile, action);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
