import { createDemoHost } from './engine';
import { PacedSimHost } from './paced-host';
import { SimShell } from './sim-shell';

/**
 * The app's built-in demo host as a shell: Domain-0 plus five VMs on one pCPU under vSlicer,
 * paced to the wall clock, answering commands in Xen 4.17 formats.
 */
export function createDemoShell(seed = 1): { shell: SimShell; host: PacedSimHost } {
  const host = new PacedSimHost(createDemoHost(seed));
  return { shell: new SimShell(host), host };
}
