import { ok, type Result } from '../common/result';
import type { HostAction } from './host-action';
import type { ResolvedProfile } from './profiles';

export type { HostAction } from './host-action';

/**
 * An action as argv for one host: its profile builds the words
 * from validated values, then the host's prefix (e.g. `sudo -n`) goes first. The result is an
 * argv array: a transport that needs one line joins it with `joinArgv` (common/shell-quote.ts).
 */
export function buildArgv(p: ResolvedProfile, action: HostAction): Result<string[]> {
  const words = p.spec.argv(action, p.commands);
  return words.ok ? ok([...p.prefix, ...words.value]) : words;
}
