import type { HostShell } from '../../common/host-shell';
import { resolveProfile } from '../../xen/profiles';
import { alwaysConnected } from './connector';
import type { DemoControls, HostDefinition } from './host-connection';

export const DEMO_HOST_ID = 'demo';

/**
 * The built-in demo host: Domain-0 plus five VMs on one pCPU, answered by the simulation. The
 * simulation's shell is handed in by the composition root (api/app.ts), so this room does not
 * depend on the simulator.
 */
export function demoHostDefinition(shell: HostShell, demo: DemoControls): HostDefinition {
  const profile = resolveProfile('vslicer');
  if (!profile.ok) throw new Error(profile.error.message);
  return {
    id: DEMO_HOST_ID,
    name: 'Demo host',
    kind: 'demo',
    target: null,
    group: '',
    guestPcpus: 1,
    profile: profile.value,
    connector: alwaysConnected(shell),
    demo,
  };
}
