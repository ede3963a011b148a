import type { ProfileInfo } from '../../common/profile';
import type { Result } from '../../common/result';
import type { VmSched } from '../../common/sched';
import type { HostAction } from '../host-action';
import type { ParseIssue } from '../text/parse-issue';

/**
 * A host profile: the toolstack and scheduler control one kind of host speaks, in one module —
 * the argv of every action, the parser of its scheduler listing, and what it can do. The list of
 * profiles is in index.ts; adding a profile is one module and one entry there.
 */

/** Command names a profile runs; the operator may point each at another path per host. */
export type Commands = Readonly<Record<string, string>>;

/** The commands every profile may use, by their default names. */
export const DEFAULT_COMMANDS: Commands = {
  xl: 'xl',
  xm: 'xm',
  xentop: 'xentop',
  ping: 'ping',
  ip: 'ip',
};

/** A scheduler listing read by a profile: the pool the guests are in and each guest's class. */
export interface SchedListing {
  /** T_NLSVM: the guests' pool's slice; null where the scheduler has none (credit2). */
  tsliceMs: number | null;
  ratelimitUs: number | null;
  /** Guests only: Domain-0 runs on its own core and has no class. */
  vms: VmSched[];
  errors: ParseIssue[];
}

export interface HostProfile {
  readonly info: ProfileInfo;
  /** Commands this profile adds to DEFAULT_COMMANDS, with their default names. */
  readonly commands?: Commands;
  /** The argv of an action from validated values; a refusal (bad value, read-only) says why. */
  argv(action: HostAction, commands: Commands): Result<string[]>;
  /** The output of the `sched-list` action. */
  parseSched(stdout: string): SchedListing;
  /**
   * A failed listing in words the operator can act on (e.g. "this is stock Xen: choose the
   * credit profile"); null when the host's own message says enough.
   */
  explainSchedFailure(said: string, commands: Commands): string | null;
}
