import { parseXmSchedCredit } from '../xl-sched';
import type { HostProfile } from './host-profile';
import { listingOf } from './sched-listing';
import { creditFamilyArgv, toolstackArgv } from './toolstack';

/** The paper's own setting: the vSlicer prototype on Xen 3.4, through `xm sched-vslicer`. */
export const vslicerXm: HostProfile = {
  info: {
    name: 'vslicer-xm',
    label: 'vSlicer on Xen 3.4 (xm sched-vslicer)',
    help: 'The same control through xm sched-vslicer on Xen 3.4.',
    capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
    readOnlyReason: null,
  },
  argv: (action, c) =>
    toolstackArgv(action, c, { toolstack: 'xm', xentopFullNames: false }) ??
    creditFamilyArgv(action, [c.xm!, 'sched-vslicer'], {
      classes: true,
      tslice: true,
      readOnlyReason: null,
    }),
  parseSched: (stdout) => listingOf(parseXmSchedCredit(stdout), { classes: true, tslice: true }),
  explainSchedFailure: () => null,
};
