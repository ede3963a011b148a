import { DOM0_NAME } from '../../common/model';
import type { VmSched } from '../../common/sched';
import { DEFAULT_TSLICE_MS } from '../../common/vslicer/credit-defaults';
import type { SchedResult } from '../xl-sched';
import type { SchedListing } from './host-profile';

/**
 * A credit-family listing (`xl sched-credit`-style, parsed by xen/xl-sched.ts) as classes. The pool
 * that counts is the guests' own: on a host whose dom0 keeps a core of its own in Pool-0 and the
 * guests share another pool, the guests' slice is what a microslice divides.
 */
export function listingOf(
  parsed: SchedResult,
  o: { classes: boolean; tslice: boolean },
): SchedListing {
  const guests = parsed.records.filter((d) => d.name !== DOM0_NAME);
  const poolName = guests.find((d) => d.pool !== null)?.pool ?? null;
  const pool = parsed.pools.find((p) => p.name === poolName) ?? parsed.pools[0];
  const vms: VmSched[] = guests.map((d) => {
    const microsliceMs = o.classes ? (d.microsliceMs ?? 0) : 0;
    return {
      domid: d.domid,
      name: d.name,
      weight: d.weight,
      cap: d.cap ?? 0,
      microsliceMs,
      vmClass: microsliceMs > 0 ? 'LSVM' : 'NLSVM',
      pool: d.pool,
      vcpus: null,
      pcpus: null,
    };
  });
  return {
    tsliceMs: pool?.tsliceMs ?? (o.tslice ? DEFAULT_TSLICE_MS : null),
    ratelimitUs: pool?.ratelimitUs ?? null,
    vms,
    errors: parsed.errors,
  };
}
