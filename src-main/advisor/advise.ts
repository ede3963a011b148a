import type { Advice } from '../common/advice';
import { gatherEvidence, type EvidenceInput } from './evidence';
import { rank } from './ranking';

/** The advice for a host over a window: evidence per guest, the ranking, what limits it. */
export function advise(hostId: string, input: EvidenceInput): Advice {
  const evidence = gatherEvidence(input);
  const notes: string[] = [];
  if (!input.sched) notes.push('No scheduler listing yet: no classes, weights or planner figures.');
  else if (!input.sched.switchable)
    notes.push(input.sched.readOnlyReason ?? 'Classes cannot be switched on this host.');
  if (evidence.every((e) => e.samples === 0)) notes.push('No xentop samples in the window yet.');
  if (!input.waits.some((w) => w.unavailable === null))
    notes.push(
      input.waits.find((w) => w.unavailable)?.unavailable ??
        'This host reports no scheduling waits: judged on xentop and ping RTTs.',
    );
  return {
    hostId,
    t: input.window.to,
    windowMs: input.window.to - input.window.from,
    evidence,
    ranking: rank(evidence),
    notes,
  };
}
