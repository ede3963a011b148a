import type { HostId } from '../../common/model';
import type { SessionId } from '../../common/session';
import { resolveProfile } from '../../xen/profiles';
import type { HostDefinition } from './host-connection';

/**
 * The definition of a reopened session's host: named and profiled as when it was recorded (an
 * unknown profile falls back to vslicer — the profile only labels a read-only host here).
 */
export function recordedHostDefinition(o: {
  id: HostId;
  name: string;
  group: string;
  target: string | null;
  profile: string;
  guestPcpus: number;
  sessionId: SessionId;
}): Omit<HostDefinition, 'connector' | 'kind'> {
  let profile = resolveProfile(o.profile);
  if (!profile.ok) profile = resolveProfile('vslicer');
  if (!profile.ok) throw new Error(profile.error.message);
  return {
    id: o.id,
    name: o.name,
    group: o.group,
    target: o.target,
    guestPcpus: o.guestPcpus,
    profile: profile.value,
    sessionId: o.sessionId,
  };
}
