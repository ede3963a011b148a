import { PlaceholderShell } from '../sim/placeholder-host';
import type { HostDefinition } from './host-connection';

export const DEMO_HOST_ID = 'demo';

/** The built-in demo host: Domain-0 plus five VMs on one pCPU, answered by the simulation. */
export function createDemoHost(): HostDefinition {
  return {
    id: DEMO_HOST_ID,
    name: 'Demo host (simulated vSlicer)',
    kind: 'demo',
    guestPcpus: 1,
    shell: new PlaceholderShell(),
    xentopArgv: ['xentop', '-b', '-f', '-d', '1'],
  };
}
