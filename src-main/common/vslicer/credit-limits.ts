import { fail, ok, type Result } from '../result';

/**
 * The ranges Xen's credit scheduler accepts for the values vSlicer keeps from it, and vSlicer's
 * microslice. One definition for every place that checks them: argv builders before a command
 * reaches a host, the simulation's controls, the planner. Xen's own limits (`xl sched-credit`,
 * `XEN_SYSCTL_CSCHED_TSLICE_MIN/MAX`, `XEN_SYSCTL_SCHED_RATELIMIT_MIN/MAX`): weight 1–65535,
 * cap ≥ 0 (% of one pCPU), tslice 1–1000 ms, ratelimit 0 (off) or 100–500000 µs and not above the
 * slice. A microslice is 0 (NLSVM) or a positive time up to the pool's slice.
 */
export const TSLICE_MIN_MS = 1;
export const TSLICE_MAX_MS = 1000;
export const RATELIMIT_MIN_US = 100;
export const RATELIMIT_MAX_US = 500_000;

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

export function validateWeight(weight: unknown): Result<number> {
  if (!isInt(weight) || weight < 1 || weight > 65535) {
    return fail('invalid-weight', `Weight is an integer from 1 to 65535; got ${String(weight)}.`);
  }
  return ok(weight);
}

export function validateCap(cap: unknown): Result<number> {
  if (!isInt(cap) || cap < 0 || cap > 65535) {
    return fail(
      'invalid-cap',
      `Cap is a percentage of one pCPU, 0 (no cap) or more; got ${String(cap)}.`,
    );
  }
  return ok(cap);
}

export function validateTslice(tsliceMs: unknown): Result<number> {
  if (!isInt(tsliceMs) || tsliceMs < TSLICE_MIN_MS || tsliceMs > TSLICE_MAX_MS) {
    return fail(
      'invalid-tslice',
      `The time slice is ${TSLICE_MIN_MS} to ${TSLICE_MAX_MS} ms; got ${String(tsliceMs)}.`,
    );
  }
  return ok(tsliceMs);
}

export function validateRatelimit(ratelimitUs: unknown, tsliceMs: number | null): Result<number> {
  if (
    !isInt(ratelimitUs) ||
    (ratelimitUs !== 0 && (ratelimitUs < RATELIMIT_MIN_US || ratelimitUs > RATELIMIT_MAX_US))
  ) {
    return fail(
      'invalid-ratelimit',
      `The rate limit is 0 (off) or ${RATELIMIT_MIN_US} to ${RATELIMIT_MAX_US} µs; got ${String(ratelimitUs)}.`,
    );
  }
  if (tsliceMs !== null && ratelimitUs > tsliceMs * 1000) {
    return fail(
      'invalid-ratelimit',
      `The rate limit (${ratelimitUs} µs) must not exceed the time slice (${tsliceMs} ms).`,
    );
  }
  return ok(ratelimitUs);
}

/**
 * A microslice in ms: 0 (NLSVM) or a positive time up to `tsliceMs`. `wholeMs`: the host's
 * control takes whole milliseconds (`-m <ms>`); otherwise whole microseconds are allowed.
 */
export function validateMicroslice(
  microsliceMs: unknown,
  tsliceMs: number,
  opts: { wholeMs: boolean } = { wholeMs: true },
): Result<number> {
  const grain = opts.wholeMs ? isInt(microsliceMs) : isInt(Number(microsliceMs) * 1000);
  if (typeof microsliceMs !== 'number' || !grain || microsliceMs < 0 || microsliceMs > tsliceMs) {
    const unit = opts.wholeMs ? 'whole ms' : 'whole µs';
    return fail(
      'invalid-microslice',
      `The microslice is 0 (NLSVM) or up to the pool's time slice (${tsliceMs} ms) in ${unit}; got ${String(microsliceMs)}.`,
    );
  }
  return ok(microsliceMs);
}
