import { parseXlSched } from '../xl-sched';
import type { HostProfile } from './host-profile';
import { listingOf } from './sched-listing';
import { creditFamilyArgv, toolstackArgv, waitStatsArgv } from './toolstack';

/**
 * The vSlicer prototype's control, `xl sched-vslicer` (modelled on `xl sched-credit`: credit's
 * weight and cap plus one control, the microslice; `-m 0` makes an NLSVM). The demo host speaks
 * it, so this is the default profile.
 */
export const vslicer: HostProfile = {
  info: {
    name: 'vslicer',
    label: 'vSlicer (xl sched-vslicer)',
    help: 'The vSlicer prototype: xl sched-vslicer, classes can be switched.',
    capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: true, tslice: true },
    readOnlyReason: null,
  },
  // The vSlicer hypervisor's wait statistics are read with its own tool, whatever sets classes.
  commands: { vslicerCtl: 'vslicer-ctl' },
  argv: (action, c) =>
    toolstackArgv(action, c, { toolstack: 'xl', xentopFullNames: true }) ??
    (action.kind === 'wait-stats' ? waitStatsArgv(c) : null) ??
    creditFamilyArgv(action, [c.xl!, 'sched-vslicer'], {
      classes: true,
      tslice: true,
      readOnlyReason: null,
    }),
  parseSched: (stdout) => listingOf(parseXlSched(stdout), { classes: true, tslice: true }),
  explainSchedFailure: (said, c) =>
    // Stock Xen's xl has no sched-vslicer: the host was added with the wrong profile (the default).
    /command not implemented/i.test(said)
      ? `This host's ${c.xl} has no sched-vslicer ("${said}"): it runs stock Xen, not the vSlicer prototype. Edit the host and choose the credit or credit2 profile (xl info's xen_scheduler tells which) to watch it.`
      : null,
};
