import { ok } from '../../common/result';
import { parseXlSched } from '../xl-sched';
import type { HostProfile } from './host-profile';
import { listingOf } from './sched-listing';
import { creditFamilyArgv, toolstackArgv, waitStatsArgv } from './toolstack';

/**
 * The vSlicer hypervisor for Xen 4.17 (hypervisor/ in this repository): Debian's own xl and
 * xentop, plus `vslicer-ctl` for what stock xl cannot do — the listing with classes, switching a
 * class (`-d DOM -m MS`) and the scheduling-wait statistics (`-w`). Weights, caps and the pool's
 * slice stay with `xl sched-credit`, which the patches leave unchanged.
 */
export const vslicerCtl: HostProfile = {
  info: {
    name: 'vslicer-ctl',
    label: 'vSlicer on Xen 4.17 (vslicer-ctl)',
    help: 'Xen 4.17 with the vSlicer patches and vslicer-ctl in dom0: classes can be switched, scheduling waits are read.',
    capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: true, tslice: true },
    readOnlyReason: null,
  },
  commands: { vslicerCtl: 'vslicer-ctl' },
  argv: (action, c) => {
    const stock = toolstackArgv(action, c, { toolstack: 'xl', xentopFullNames: true });
    if (stock) return stock;
    const tool = [c.vslicerCtl!];
    switch (action.kind) {
      case 'wait-stats':
        return waitStatsArgv(c);
      case 'pool-params':
        return ok([...tool, '-s']);
      case 'set-share':
      case 'set-pool':
        return creditFamilyArgv(action, [c.xl!, 'sched-credit'], {
          classes: false,
          tslice: true,
          readOnlyReason: null,
        });
      default:
        // The listing, one domain's row and switching a class: `xl sched-vslicer`'s syntax.
        return creditFamilyArgv(action, tool, {
          classes: true,
          tslice: true,
          readOnlyReason: null,
          microsliceUs: true,
        });
    }
  },
  parseSched: (stdout) => listingOf(parseXlSched(stdout), { classes: true, tslice: true }),
  explainSchedFailure: (said, c) => {
    if (/command not found|No such file/i.test(said))
      return `This host has no ${c.vslicerCtl} ("${said}"): install the vSlicer hypervisor's control tool in dom0 (hypervisor/README.md), or choose the credit profile to watch it.`;
    if (/has no vSlicer/.test(said))
      return `This host runs a Xen without the vSlicer patches ("${said}"). Boot the patched hypervisor, or choose the credit profile to watch it.`;
    return null;
  },
};
