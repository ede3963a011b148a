import { fail, ok, type Result } from '../common/result';
import type { ResolvedProfile } from './profiles';
import {
  validateAddress,
  validateCap,
  validateDomid,
  validateMicroslice,
  validatePing,
  validateRatelimit,
  validateTslice,
  validateWeight,
} from './validate';

/**
 * Every action the app performs on a host, mapped to argv through the host's profile (DESIGN.md
 * "The host interface"). Values are validated here, domains are always addressed by id, and the
 * result is an argv array: a transport that needs one line joins it with `joinArgv` (common/shell-quote.ts).
 */
export type HostAction =
  /** Long-lived `xentop -b -d N` stream (or `-i N` one-shot). */
  | { kind: 'xentop'; delaySec: number; iterations?: number; networks?: boolean; vbds?: boolean; vcpus?: boolean }
  | { kind: 'list-domains'; verbose?: boolean }
  | { kind: 'host-info' }
  | { kind: 'sched-list' }
  | { kind: 'sched-domain'; domid: number }
  /** Switch class: microslice 0 = NLSVM, 1…tslice = LSVM. */
  | { kind: 'set-class'; domid: number; microsliceMs: number; tsliceMs: number }
  | { kind: 'set-share'; domid: number; weight?: number; cap?: number }
  | { kind: 'pool-params' }
  | { kind: 'set-pool'; tsliceMs?: number; ratelimitUs?: number }
  | { kind: 'ping'; address: string; count: number; intervalSec: number; timeoutSec: number }
  | { kind: 'network-list'; domid: number }
  | { kind: 'neighbours' };

function run(p: ResolvedProfile, words: string[]): Result<string[]> {
  return ok([...p.prefix, ...words]);
}

const bad = <T>(r: Result<T>): r is Extract<Result<T>, { ok: false }> => !r.ok;

export function buildArgv(p: ResolvedProfile, action: HostAction): Result<string[]> {
  const tool = p.commands[p.toolstack];
  const sched = [tool, p.schedSubcommand];
  switch (action.kind) {
    case 'xentop': {
      if (!Number.isSafeInteger(action.delaySec) || action.delaySec < 1 || action.delaySec > 3600) {
        // xentop's -d is atoi(): fractions would silently become 0 (FORMATS.md §1.1).
        return fail('invalid-delay', 'xentop delay is a whole number of seconds, 1 to 3600.');
      }
      const w = [p.commands.xentop, '-b', '-d', String(action.delaySec)];
      if (action.iterations !== undefined) {
        if (!Number.isSafeInteger(action.iterations) || action.iterations < 1) {
          return fail('invalid-iterations', 'xentop iterations is 1 or more (-i 0 would never end).');
        }
        w.push('-i', String(action.iterations));
      }
      if (p.xentopFullNames) w.push('-f');
      if (action.networks) w.push('-n');
      if (action.vbds) w.push('-x');
      if (action.vcpus) w.push('-v');
      return run(p, w);
    }
    case 'list-domains':
      return run(p, action.verbose && p.toolstack === 'xl' ? [tool, 'list', '-v'] : [tool, 'list']);
    case 'host-info':
      return run(p, [tool, 'info']);
    case 'sched-list':
      return run(p, sched);
    case 'sched-domain': {
      const d = validateDomid(action.domid);
      return bad(d) ? d : run(p, [...sched, '-d', String(d.value)]);
    }
    case 'set-class': {
      if (!p.classesWritable) return fail('read-only', p.readOnlyReason ?? 'Classes are read-only on this host.');
      const d = validateDomid(action.domid);
      if (bad(d)) return d;
      const t = validateTslice(action.tsliceMs);
      if (bad(t)) return t;
      const m = validateMicroslice(action.microsliceMs, t.value);
      if (bad(m)) return m;
      return run(p, [...sched, '-d', String(d.value), '-m', String(m.value)]);
    }
    case 'set-share': {
      const d = validateDomid(action.domid);
      if (bad(d)) return d;
      if (action.weight === undefined && action.cap === undefined) return fail('invalid-share', 'Give a weight, a cap or both.');
      const w = [...sched, '-d', String(d.value)];
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
      return run(p, w);
    }
    case 'pool-params':
      return run(p, [...sched, '-s']);
    case 'set-pool': {
      if (action.tsliceMs === undefined && action.ratelimitUs === undefined) {
        return fail('invalid-pool', 'Give a time slice, a rate limit or both.');
      }
      const w = [...sched, '-s'];
      let tslice: number | null = null;
      if (action.tsliceMs !== undefined) {
        if (!p.hasTslice) return fail('read-only', 'credit2 has no settable time slice; only the rate limit.');
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
      return run(p, w);
    }
    case 'ping': {
      const a = validateAddress(action.address);
      if (bad(a)) return a;
      const v = validatePing(action.count, action.intervalSec, action.timeoutSec);
      if (bad(v)) return v;
      return run(p, [
        p.commands.ping, '-n', '-c', String(action.count), '-i', String(action.intervalSec),
        '-W', String(action.timeoutSec), a.value,
      ]);
    }
    case 'network-list': {
      const d = validateDomid(action.domid);
      return bad(d) ? d : run(p, [tool, 'network-list', String(d.value)]);
    }
    case 'neighbours':
      return run(p, [p.commands.ip, 'neigh', 'show']);
  }
}
