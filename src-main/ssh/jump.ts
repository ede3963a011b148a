/**
 * ProxyJump chains: connect to the first jump host directly, open a `forwardOut`
 * channel from it to the next hop and hand that channel to the next ssh2 Client as `sock`, and so
 * on to the target (as the Tabby terminal chains jump hosts). Every hop goes through the same host
 * key checks and auth order as a direct connection, each keyed by the address as that hop names
 * it. The returned shell owns the chain: closing it, or a drop anywhere on the way, ends them all.
 */
import { SshShell } from './ssh-shell';
import type { SshConnectOptions } from './connect';

/** `hops` are the jump hosts in order (first reached directly); then the target. */
export async function connectThroughJumps(
  hops: readonly SshConnectOptions[],
  target: SshConnectOptions,
): Promise<SshShell> {
  let via: SshShell | undefined;
  try {
    for (const hop of hops) via = await SshShell.connect({ ...hop, via });
    return await SshShell.connect({ ...target, via });
  } catch (error) {
    // A shell that failed to connect never took ownership of its jump host: close the chain here.
    via?.close();
    throw error;
  }
}
