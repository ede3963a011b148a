import { fail, ok, type Result } from '../../common/result';
import {
  validateCap,
  validateMicroslice,
  validateRatelimit,
  validateTslice,
  validateWeight,
} from '../../common/vslicer/credit-limits';
import type { HostAction } from '../host-action';
import { validateAddress, validateDomid, validatePing } from '../validate';
import type { Commands } from './host-profile';

/**
 * The argv builders Xen's toolstacks share, for profiles to compose: what every dom0 answers the
 * same way (xentop, ping, ip), the `xl`/`xm` toolstack commands, and the credit family of
 * scheduler controls (`sched-credit`, `sched-credit2`, and vSlicer's `sched-vslicer`, which adds
 * `-m <microslice>` to credit's `-w`/`-c`).
 */

const bad = <T>(r: Result<T>): r is Extract<Result<T>, { ok: false }> => !r.ok;

export interface ToolstackOptions {
  toolstack: 'xl' | 'xm';
  /** `xentop -f` (full names) exists from Xen 4.0; Xen 3.4 truncates names anyway. */
  xentopFullNames: boolean;
}

/** The argv of an action every xl/xm dom0 answers alike; null for scheduler actions. */
export function toolstackArgv(
  action: HostAction,
  c: Commands,
  o: ToolstackOptions,
): Result<string[]> | null {
  const tool = c[o.toolstack]!;
  switch (action.kind) {
    case 'xentop': {
      if (!Number.isSafeInteger(action.delaySec) || action.delaySec < 1 || action.delaySec > 3600) {
        // xentop's -d is atoi(): a fraction would silently become 0.
        return fail('invalid-delay', 'xentop delay is a whole number of seconds, 1 to 3600.');
      }
      const w = [c.xentop!, '-b', '-d', String(action.delaySec)];
      if (action.iterations !== undefined) {
        if (!Number.isSafeInteger(action.iterations) || action.iterations < 1) {
          return fail(
            'invalid-iterations',
            'xentop iterations is 1 or more (-i 0 would never end).',
          );
        }
        w.push('-i', String(action.iterations));
      }
      if (o.xentopFullNames) w.push('-f');
      if (action.networks) w.push('-n');
      if (action.vbds) w.push('-x');
      if (action.vcpus) w.push('-v');
      return ok(w);
    }
    case 'list-domains':
      return ok(action.verbose && o.toolstack === 'xl' ? [tool, 'list', '-v'] : [tool, 'list']);
    case 'host-info':
      return ok([tool, 'info']);
    case 'ping': {
      const a = validateAddress(action.address);
      if (bad(a)) return a;
      const v = validatePing(action.count, action.intervalSec, action.timeoutSec);
      if (bad(v)) return v;
      return ok([
        c.ping!,
        '-n',
        '-c',
        String(action.count),
        '-i',
        String(action.intervalSec),
        '-W',
        String(action.timeoutSec),
        a.value,
      ]);
    }
    case 'network-list': {
      const d = validateDomid(action.domid);
      return bad(d) ? d : ok([tool, 'network-list', String(d.value)]);
    }
    case 'neighbours':
      return ok([c.ip!, 'neigh', 'show']);
    case 'vcpu-list':
      return ok([tool, 'vcpu-list']);
    case 'cpupool-list':
      // Xen 3.4's xm has no cpupools.
      return o.toolstack === 'xl'
        ? ok([tool, 'cpupool-list', '-c'])
        : fail('unsupported', 'xm has no cpupools (Xen 3.4).');
    default:
      return null;
  }
}

/** The vSlicer hypervisor's wait statistics: `vslicer-ctl -w`, every domain of its credit pools. */
export const waitStatsArgv = (c: Commands): Result<string[]> => ok([c.vslicerCtl!, '-w']);

export interface CreditFamilyOptions {
  /** `-m <microslice>` exists: LSVM/NLSVM classes can be switched. */
  classes: boolean;
  /** `-s -t <tslice>` exists (credit2 has no settable slice). */
  tslice: boolean;
  /** Why classes cannot be switched, when they cannot. */
  readOnlyReason: string | null;
  /** The microslice in whole µs (vslicer-ctl's `-m 2.5`) rather than whole ms (xl's `-m`). */
  microsliceUs?: boolean;
}

/** The scheduler actions of `<tool...> sched-credit`-style commands (`base` is e.g. xl sched-vslicer). */
export function creditFamilyArgv(
  action: HostAction,
  base: readonly string[],
  o: CreditFamilyOptions,
): Result<string[]> {
  switch (action.kind) {
    case 'sched-list':
      return ok([...base]);
    case 'sched-domain': {
      const d = validateDomid(action.domid);
      return bad(d) ? d : ok([...base, '-d', String(d.value)]);
    }
    case 'set-class': {
      if (!o.classes)
        return fail('read-only', o.readOnlyReason ?? 'Classes are read-only on this host.');
      const d = validateDomid(action.domid);
      if (bad(d)) return d;
      const t = validateTslice(action.tsliceMs);
      if (bad(t)) return t;
      const m = validateMicroslice(action.microsliceMs, t.value, { wholeMs: !o.microsliceUs });
      if (bad(m)) return m;
      return ok([...base, '-d', String(d.value), '-m', String(m.value)]);
    }
    case 'set-share': {
      const d = validateDomid(action.domid);
      if (bad(d)) return d;
      if (action.weight === undefined && action.cap === undefined) {
        return fail('invalid-share', 'Give a weight, a cap or both.');
      }
      const w = [...base, '-d', String(d.value)];
      if (action.weight !== undefined) {
        const v = validateWeight(action.weight);
        if (bad(v)) return v;
        w.push('-w', String(v.value));
      }
      if (action.cap !== undefined) {
        const v = validateCap(action.cap);
        if (bad(v)) return v;
        w.push('-c', String(v.value));
      }
      return ok(w);
    }
    case 'pool-params':
      return ok([...base, '-s']);
    case 'set-pool': {
      if (action.tsliceMs === undefined && action.ratelimitUs === undefined) {
        return fail('invalid-pool', 'Give a time slice, a rate limit or both.');
      }
      const w = [...base, '-s'];
      let tslice: number | null = null;
      if (action.tsliceMs !== undefined) {
        if (!o.tslice)
          return fail(
            'read-only',
            'This scheduler has no settable time slice; only the rate limit.',
          );
        const t = validateTslice(action.tsliceMs);
        if (bad(t)) return t;
        tslice = t.value;
        w.push('-t', String(t.value));
      }
      if (action.ratelimitUs !== undefined) {
        const r = validateRatelimit(action.ratelimitUs, tslice);
        if (bad(r)) return r;
        w.push('-r', String(r.value));
      }
      return ok(w);
    }
    default:
      return fail('unsupported', `This host profile has no command for "${action.kind}".`);
  }
}
