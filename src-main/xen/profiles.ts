import { fail, ok, type Result } from '../common/result';

/**
 * Host profiles (issue 4 item 4): which toolstack and scheduler control a host speaks. The
 * default is the vSlicer prototype's `xl sched-vslicer` (DESIGN.md); `vslicer-xm` is the same
 * control through Xen 3.4's `xm`; `credit` / `credit2` watch stock Xen, where there are no
 * classes, so every VM shows as NLSVM and switching is refused with a reason.
 */
export type ProfileName = 'vslicer' | 'vslicer-xm' | 'credit' | 'credit2';
export const PROFILE_NAMES: readonly ProfileName[] = ['vslicer', 'vslicer-xm', 'credit', 'credit2'];

/** The commands a profile runs; each may be overridden per host with a path. */
export type ToolName = 'xl' | 'xm' | 'xentop' | 'ping' | 'ip';

export interface HostProfileOverrides {
  /** e.g. `{ xl: '/usr/local/sbin/xl' }`. */
  commands?: Partial<Record<ToolName, string>>;
  /** Words put before every command, e.g. `['sudo', '-n']`. */
  prefix?: readonly string[];
}

export interface HostProfile {
  name: ProfileName;
  label: string;
  /** The toolstack CLI: `xl`, or `xm` on Xen 3.4. */
  toolstack: 'xl' | 'xm';
  /** Subcommand that lists and sets scheduler parameters. */
  schedSubcommand: 'sched-vslicer' | 'sched-credit' | 'sched-credit2';
  /** Whether the host has LSVM/NLSVM classes that can be switched. */
  classesWritable: boolean;
  /** Shown wherever switching is disabled; null when it is enabled. */
  readOnlyReason: string | null;
  /** Whether the pool has a settable time slice (credit2 has none). */
  hasTslice: boolean;
  /** `xentop -f` exists from Xen 4.0; Xen 3.4 truncates names anyway. */
  xentopFullNames: boolean;
}

const STOCK_REASON = (sched: string): string =>
  `This host runs Xen's stock ${sched} scheduler, which has no LSVM/NLSVM classes: every VM is shown as NLSVM and switching is disabled.`;

export const PROFILES: Readonly<Record<ProfileName, HostProfile>> = {
  vslicer: {
    name: 'vslicer',
    label: 'vSlicer (xl sched-vslicer)',
    toolstack: 'xl',
    schedSubcommand: 'sched-vslicer',
    classesWritable: true,
    readOnlyReason: null,
    hasTslice: true,
    xentopFullNames: true,
  },
  'vslicer-xm': {
    name: 'vslicer-xm',
    label: 'vSlicer on Xen 3.4 (xm sched-vslicer)',
    toolstack: 'xm',
    schedSubcommand: 'sched-vslicer',
    classesWritable: true,
    readOnlyReason: null,
    hasTslice: true,
    xentopFullNames: false,
  },
  credit: {
    name: 'credit',
    label: 'Stock Xen, credit (read-only classes)',
    toolstack: 'xl',
    schedSubcommand: 'sched-credit',
    classesWritable: false,
    readOnlyReason: STOCK_REASON('credit'),
    hasTslice: true,
    xentopFullNames: true,
  },
  credit2: {
    name: 'credit2',
    label: 'Stock Xen, credit2 (read-only classes)',
    toolstack: 'xl',
    schedSubcommand: 'sched-credit2',
    classesWritable: false,
    readOnlyReason: STOCK_REASON('credit2'),
    hasTslice: false,
    xentopFullNames: true,
  },
};

export interface ResolvedProfile extends HostProfile {
  commands: Record<ToolName, string>;
  prefix: readonly string[];
}

/** An absolute or bare command path: no shell syntax, no spaces, no option-looking word. */
const COMMAND_PATH = /^(\/[A-Za-z0-9._+-]+)+$|^[A-Za-z0-9._+-]+$/;
const PREFIX_WORD = /^[A-Za-z0-9._+/=-]+$/;

export function resolveProfile(name: string = 'vslicer', overrides: HostProfileOverrides = {}): Result<ResolvedProfile> {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    return fail('unknown-profile', `Unknown host profile ${JSON.stringify(name)}; one of ${PROFILE_NAMES.join(', ')}.`);
  }
  const base = PROFILES[name as ProfileName];
  const commands: Record<ToolName, string> = { xl: 'xl', xm: 'xm', xentop: 'xentop', ping: 'ping', ip: 'ip' };
  for (const [tool, path] of Object.entries(overrides.commands ?? {})) {
    if (!(tool in commands)) return fail('invalid-override', `No command ${JSON.stringify(tool)} to override.`);
    if (typeof path !== 'string' || !COMMAND_PATH.test(path) || path.startsWith('-')) {
      return fail('invalid-override', `Command path for ${tool} must be a plain path; got ${JSON.stringify(path)}.`);
    }
    commands[tool as ToolName] = path;
  }
  const prefix = [...(overrides.prefix ?? [])];
  for (const w of prefix) {
    if (typeof w !== 'string' || !PREFIX_WORD.test(w)) {
      return fail('invalid-override', `Prefix words are plain words like "sudo" "-n"; got ${JSON.stringify(w)}.`);
    }
  }
  return ok({ ...base, commands, prefix });
}
