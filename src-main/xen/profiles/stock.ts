import { parseXlSched } from '../xl-sched';
import type { HostProfile } from './host-profile';
import { listingOf } from './sched-listing';
import { creditFamilyArgv, toolstackArgv } from './toolstack';

/**
 * Stock Xen, watched: its credit or credit2 scheduler has no LSVM/NLSVM classes, so every VM is
 * shown as NLSVM and switching is refused with the reason.
 */
export function stockProfile(o: {
  scheduler: 'credit' | 'credit2';
  help: string;
  tslice: boolean;
}): HostProfile {
  const readOnlyReason = `This host runs Xen's stock ${o.scheduler} scheduler, which has no LSVM/NLSVM classes: every VM is shown as NLSVM and switching is disabled.`;
  const sched = { classes: false, tslice: o.tslice };
  return {
    info: {
      name: o.scheduler,
      label: `Stock Xen, ${o.scheduler} (read-only classes)`,
      help: o.help,
      capabilities: {
        scheduler: o.scheduler,
        switchClasses: false,
        waitStats: false,
        tslice: o.tslice,
      },
      readOnlyReason,
    },
    argv: (action, c) =>
      toolstackArgv(action, c, { toolstack: 'xl', xentopFullNames: true }) ??
      creditFamilyArgv(action, [c.xl!, `sched-${o.scheduler}`], { ...sched, readOnlyReason }),
    parseSched: (stdout) => listingOf(parseXlSched(stdout), sched),
    explainSchedFailure: () => null,
  };
}
