/**
 * Xen credit scheduler defaults that vSlicer builds on. The paper takes credit's slice as
 * T_NLSVM ("in our implementation we used Xen's default 30ms", Section 4) and keeps credit's
 * weight and cap; a host that does not list a value is taken to have these.
 */

/** Credit's default time slice, vSlicer's T_NLSVM, in ms. */
export const DEFAULT_TSLICE_MS = 30;

/** Credit's default domain weight. */
export const DEFAULT_WEIGHT = 256;

/** Credit's default context-switch rate limit, µs (`xl sched-credit -s` lists 1000us). */
export const DEFAULT_RATELIMIT_US = 1000;
