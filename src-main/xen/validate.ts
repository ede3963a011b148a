import { fail, ok, type Result } from '../common/result';

/**
 * Values checked before they become argv (issue 4 item 3). Ranges are Xen's own (FORMATS.md §3,
 * VSLICER.md): weight 1–65535, cap ≥ 0, credit tslice 1–1000 ms, ratelimit 0 or 100–500000 µs and
 * not above the slice; vSlicer's microslice is 0 (NLSVM) or 1…tslice ms.
 */

/** Highest ordinary domid: DOMID_FIRST_RESERVED (0x7FF0) − 1. */
export const MAX_DOMID = 0x7fef;

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

export function validateDomid(domid: unknown): Result<number> {
  if (!isInt(domid) || domid < 0 || domid > MAX_DOMID) {
    return fail('invalid-domid', `A domain id is an integer from 0 to ${MAX_DOMID}; got ${String(domid)}.`);
  }
  return ok(domid);
}

/**
 * A domain name as xl accepts it: xl stores it in xenstore as a value, so spaces and most
 * punctuation are fine (`Windows7 (Dev)`), but an all-digit name would be read back as a domid by
 * `find_domain`, and control characters (newlines) have no place in a name or a table row.
 */
export function validateDomainName(name: unknown): Result<string> {
  if (typeof name !== 'string' || name.length === 0) return fail('invalid-name', 'A domain name must not be empty.');
  if (new TextEncoder().encode(name).length > 255) return fail('invalid-name', 'A domain name is at most 255 bytes.');
  if (/[\x00-\x1f\x7f-\x9f]/.test(name)) return fail('invalid-name', 'A domain name must not contain control characters.');
  if (/^\d+$/.test(name)) return fail('invalid-name', 'An all-digit domain name would be taken for a domain id.');
  if (name !== name.trim()) return fail('invalid-name', 'A domain name must not start or end with spaces.');
  return ok(name);
}

export function validateWeight(weight: unknown): Result<number> {
  if (!isInt(weight) || weight < 1 || weight > 65535) {
    return fail('invalid-weight', `Weight is an integer from 1 to 65535; got ${String(weight)}.`);
  }
  return ok(weight);
}

export function validateCap(cap: unknown): Result<number> {
  if (!isInt(cap) || cap < 0 || cap > 65535) {
    return fail('invalid-cap', `Cap is a percentage of one pCPU, 0 (no cap) or more; got ${String(cap)}.`);
  }
  return ok(cap);
}

export function validateTslice(tsliceMs: unknown): Result<number> {
  if (!isInt(tsliceMs) || tsliceMs < 1 || tsliceMs > 1000) {
    return fail('invalid-tslice', `The time slice is 1 to 1000 ms; got ${String(tsliceMs)}.`);
  }
  return ok(tsliceMs);
}

export function validateMicroslice(microsliceMs: unknown, tsliceMs: number): Result<number> {
  if (!isInt(microsliceMs) || microsliceMs < 0 || microsliceMs > tsliceMs) {
    return fail(
      'invalid-microslice',
      `The microslice is 0 (NLSVM) or 1 to the pool's time slice (${tsliceMs} ms); got ${String(microsliceMs)}.`,
    );
  }
  return ok(microsliceMs);
}

export function validateRatelimit(ratelimitUs: unknown, tsliceMs: number | null): Result<number> {
  if (!isInt(ratelimitUs) || (ratelimitUs !== 0 && (ratelimitUs < 100 || ratelimitUs > 500000))) {
    return fail('invalid-ratelimit', `The rate limit is 0 (off) or 100 to 500000 µs; got ${String(ratelimitUs)}.`);
  }
  if (tsliceMs !== null && ratelimitUs > tsliceMs * 1000) {
    return fail('invalid-ratelimit', `The rate limit (${ratelimitUs} µs) must not exceed the time slice (${tsliceMs} ms).`);
  }
  return ok(ratelimitUs);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]+$/;

/** A literal address only: ping gets no host names, so no DNS and no option-looking words. */
export function validateAddress(addr: unknown): Result<string> {
  if (typeof addr !== 'string') return fail('invalid-address', 'An address is required.');
  if (IPV4.test(addr)) return ok(addr);
  if (IPV6.test(addr) && addr.includes(':') && addr.length <= 39) return ok(addr);
  return fail('invalid-address', `Not an IPv4 or IPv6 address: ${JSON.stringify(addr)}.`);
}

export function validatePing(count: unknown, intervalSec: unknown, timeoutSec: unknown): Result<true> {
  if (!isInt(count) || count < 1 || count > 10000) return fail('invalid-ping', 'Probe count is 1 to 10000.');
  if (typeof intervalSec !== 'number' || !(intervalSec >= 0.002) || intervalSec > 3600) {
    return fail('invalid-ping', 'Probe interval is 0.002 to 3600 s.');
  }
  if (!isInt(timeoutSec) || timeoutSec < 1 || timeoutSec > 3600) {
    return fail('invalid-ping', 'Probe timeout is a whole number of seconds, 1 to 3600.');
  }
  return ok(true);
}
