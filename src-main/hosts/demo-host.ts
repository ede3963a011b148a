import { createDemoShell } from '../sim/demo';
import { resolveProfile } from '../xen/profiles';
import { alwaysConnected } from './connector';
import type { HostDefinition } from './host-connection';

export const DEMO_HOST_ID = 'demo';

/** The built-in demo host: Domain-0 plus five VMs on one pCPU, answered by the simulation. */
export function createDemoHostDefinition(): HostDefinition {
  const profile = resolveProfile('vslicer');
  if (!profile.ok) throw new Error(profile.error.message);
  const demo = createDemoShell();
  return {
    id: DEMO_HOST_ID,
    name: 'Demo host',
    kind: 'demo',
    target: null,
    group: '',
    guestPcpus: 1,
    profile: profile.value,
    connector: alwaysConnected(demo.shell),
    demo: { setRejectSwitches: (on) => void (demo.host.rejectSwitches = on) },
  };
}
