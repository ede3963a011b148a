import { createDemoShell } from '../sim/demo';
import type { HostDefinition } from './host-connection';

export const DEMO_HOST_ID = 'demo';

/** The built-in demo host: Domain-0 plus five VMs on one pCPU, answered by the simulation. */
export function createDemoHostDefinition(): HostDefinition {
  return {
    id: DEMO_HOST_ID,
    name: 'Demo host (simulated vSlicer)',
    kind: 'demo',
    guestPcpus: 1,
    shell: createDemoShell().shell,
    // -f: full names (Xen 4.5+), so VMs are not cut to 10 bytes as plain xentop does.
    xentopArgv: ['xentop', '-b', '-f', '-d', '1'],
  };
}
