import { fail, ok, type Result } from '../common/result';

/**
 * Values checked before they become argv: domain ids and names, addresses and ping options. The
 * scheduler's own values (weight, cap, slice, rate limit, microslice) have their ranges in
 * common/vslicer/credit-limits.ts, shared with the simulation.
 */

/** Highest ordinary domid: DOMID_FIRST_RESERVED (0x7FF0) − 1. */
export const MAX_DOMID = 0x7fef;

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

export function validateDomid(domid: unknown): Result<number> {
  if (!isInt(domid) || domid < 0 || domid > MAX_DOMID) {
    return fail(
      'invalid-domid',
      `A domain id is an integer from 0 to ${MAX_DOMID}; got ${String(domid)}.`,
    );
  }
  return ok(domid);
}

/**
 * A domain name as xl accepts it: xl stores it in xenstore as a value, so spaces and most
 * punctuation are fine (`Windows7 (Dev)`), but an all-digit name would be read back as a domid by
 * `find_domain`, and control characters (newlines) have no place in a name or a table row.
 */
export function validateDomainName(name: unknown): Result<string> {
  if (typeof name !== 'string' || name.length === 0)
    return fail('invalid-name', 'A domain name must not be empty.');
  if (new TextEncoder().encode(name).length > 255)
    return fail('invalid-name', 'A domain name is at most 255 bytes.');
  if (/[\x00-\x1f\x7f-\x9f]/.test(name))
    return fail('invalid-name', 'A domain name must not contain control characters.');
  if (/^\d+$/.test(name))
    return fail('invalid-name', 'An all-digit domain name would be taken for a domain id.');
  if (name !== name.trim())
    return fail('invalid-name', 'A domain name must not start or end with spaces.');
  return ok(name);
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

export function validatePing(
  count: unknown,
  intervalSec: unknown,
  timeoutSec: unknown,
): Result<true> {
  if (!isInt(count) || count < 1 || count > 10000)
    return fail('invalid-ping', 'Probe count is 1 to 10000.');
  if (typeof intervalSec !== 'number' || !(intervalSec >= 0.002) || intervalSec > 3600) {
    return fail('invalid-ping', 'Probe interval is 0.002 to 3600 s.');
  }
  if (!isInt(timeoutSec) || timeoutSec < 1 || timeoutSec > 3600) {
    return fail('invalid-ping', 'Probe timeout is a whole number of seconds, 1 to 3600.');
  }
  return ok(true);
}
