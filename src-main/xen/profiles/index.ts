import type { ProfileInfo } from '../../common/profile';
import { fail, ok, type Result } from '../../common/result';
import { credit } from './credit';
import { credit2 } from './credit2';
import { DEFAULT_COMMANDS, type Commands, type HostProfile } from './host-profile';
import { vslicer } from './vslicer';
import { vslicerCtl } from './vslicer-ctl';
import { vslicerXm } from './vslicer-xm';

/**
 * Every host profile the console offers, in the order the Add host dialog lists them; the first
 * is the default. Adding a profile: one module beside this file and one entry here.
 */
export const PROFILES: readonly HostProfile[] = [vslicer, vslicerCtl, vslicerXm, credit, credit2];

export const profileInfos = (profiles: readonly HostProfile[] = PROFILES): ProfileInfo[] =>
  profiles.map((p) => p.info);

export interface HostProfileOverrides {
  /** e.g. `{ xl: '/usr/local/sbin/xl' }`. */
  commands?: Readonly<Record<string, string>>;
  /** Words put before every command, e.g. `['sudo', '-n']`. */
  prefix?: readonly string[];
}

/** A profile as one host uses it: its own command paths and prefix. */
export interface ResolvedProfile {
  readonly name: string;
  readonly info: ProfileInfo;
  readonly spec: HostProfile;
  readonly commands: Commands;
  readonly prefix: readonly string[];
}

/** An absolute or bare command path: no shell syntax, no spaces, no option-looking word. */
const COMMAND_PATH = /^(\/[A-Za-z0-9._+-]+)+$|^[A-Za-z0-9._+-]+$/;
const PREFIX_WORD = /^[A-Za-z0-9._+/=-]+$/;

export function resolveProfile(
  name: string = PROFILES[0]!.info.name,
  overrides: HostProfileOverrides = {},
  profiles: readonly HostProfile[] = PROFILES,
): Result<ResolvedProfile> {
  const spec = profiles.find((p) => p.info.name === name);
  if (!spec) {
    return fail(
      'unknown-profile',
      `Unknown host profile ${JSON.stringify(name)}; one of ${profiles.map((p) => p.info.name).join(', ')}.`,
    );
  }
  const commands: Record<string, string> = { ...DEFAULT_COMMANDS, ...spec.commands };
  for (const [tool, path] of Object.entries(overrides.commands ?? {})) {
    if (!Object.hasOwn(commands, tool))
      return fail('invalid-override', `No command ${JSON.stringify(tool)} to override.`);
    if (typeof path !== 'string' || !COMMAND_PATH.test(path) || path.startsWith('-')) {
      return fail(
        'invalid-override',
        `Command path for ${tool} must be a plain path; got ${JSON.stringify(path)}.`,
      );
    }
    commands[tool] = path;
  }
  const prefix = [...(overrides.prefix ?? [])];
  for (const w of prefix) {
    if (typeof w !== 'string' || !PREFIX_WORD.test(w)) {
      return fail(
        'invalid-override',
        `Prefix words are plain words like "sudo" "-n"; got ${JSON.stringify(w)}.`,
      );
    }
  }
  return ok({ name: spec.info.name, info: spec.info, spec, commands, prefix });
}

export type { Commands, HostProfile, SchedListing } from './host-profile';
