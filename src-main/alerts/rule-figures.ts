import { ALERT_KINDS, ALERT_WINDOW_MS, type AlertKind, type AlertRuleBook } from '../common/alerts';
import { roundFigures, type RoundFigures } from '../common/metrics/rtt';
import { LatencyAccumulator } from '../common/metrics/latency';
import { DOM0_NAME, type HostSummary } from '../common/model';
import type { HostSched, LatencySample } from '../common/sched';
import { plannedWorstCaseMs } from '../common/vslicer/microslice-options';
import type { Observation } from './hysteresis';
import type { ShareWindow } from './share-window';

/** What a round reads of one host: the stores the dashboard reads. */
export interface HostFigures {
  host: HostSummary;
  sched: HostSched | null;
  /** Each probed VM's RTT figures over the window (rttFigures). */
  rtt: ReadonlyMap<string, RoundFigures>;
  /** Wall-clock ms of the host's last xentop frame; null before the first. */
  lastFrameT: number | null;
  shares: ShareWindow | null;
}

const fmtMs = (v: number): string => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
const fmtPct = (v: number): string => `${(v * 100).toFixed(1)} %`;
const WINDOW = `over ${ALERT_WINDOW_MS / 60_000} min`;

const shared = new LatencyAccumulator();

/**
 * p99 and loss of each VM's probe rounds of a host, as the VM table computes them (`roundFigures`);
 * one accumulator serves every VM in turn, so a round over thousands allocates no histograms.
 */
export function rttFigures(rounds: readonly LatencySample[]): Map<string, RoundFigures> {
  const byVm = new Map<string, LatencySample[]>();
  for (const s of rounds) {
    let list = byVm.get(s.vm);
    if (!list) byVm.set(s.vm, (list = []));
    list.push(s);
  }
  const out = new Map<string, RoundFigures>();
  for (const [vm, list] of byVm) out.set(vm, roundFigures(list, -Infinity, shared));
  return out;
}

/**
 * Every rule's observation of one host at `now`, from the dashboard's own figures: the host's
 * connection state (`vslicer_host_up`), the age of its last frame, p99 RTT and loss over the
 * window from the probe rounds (`summarize`, as the latency panel and the reports compute them),
 * the planner's worst case for an LSVM's microslice (Eq. 12), and the window's mean Jain's index
 * and share ÷ fair share (ShareWindow). Figures with no data do not hold, as a missing series
 * raises nothing in Prometheus.
 */
export function observeHost(now: number, f: HostFigures, book: AlertRuleBook): Observation[] {
  const out: Observation[] = [];
  const hostId = f.host.id;
  const push = (
    vm: string | null,
    kind: AlertKind,
    value: number | null,
    bound: number | null,
    text: string,
  ): void => {
    const rule = book.rule(hostId, vm, kind);
    const threshold = ALERT_KINDS[kind].unit === null ? bound : rule.threshold;
    const holds =
      value !== null &&
      threshold !== null &&
      (ALERT_KINDS[kind].direction === 'above' ? value > threshold : value < threshold);
    out.push({ hostId, vm, kind, rule, holds, value, bound: threshold, text });
  };

  // A host the operator disconnected by hand is not down: nobody asked it to stream.
  const state = f.host.status.state;
  if (state === 'disconnected') return out;
  const down = state !== 'ready';
  push(null, 'hostDown', down ? 1 : 0, 0, down ? `not streaming (${state})` : 'streaming');
  const stallRule = book.rule(hostId, null, 'streamStalled').threshold;
  const age = f.lastFrameT === null ? null : (now - f.lastFrameT) / 1000;
  push(
    null,
    'streamStalled',
    age,
    stallRule,
    age === null ? 'no xentop frame yet' : `last xentop frame ${Math.round(age)} s ago`,
  );
  const jain = down ? null : (f.shares?.jain() ?? null);
  const jainBound = book.rule(hostId, null, 'unfair').threshold;
  push(
    null,
    'unfair',
    jain,
    jainBound,
    jain === null
      ? 'no fairness figure'
      : `Jain's index ${jain.toFixed(3)} ${WINDOW} (bound ${jainBound?.toFixed(2)})`,
  );
  if (down) return out;

  const schedOf = new Map((f.sched?.vms ?? []).map((v) => [v.name, v]));
  for (const [vm, s] of f.rtt) {
    if (vm === DOM0_NAME) continue;
    const rttBound = book.rule(hostId, vm, 'rttP99High').threshold;
    push(
      vm,
      'rttP99High',
      s.p99,
      rttBound,
      s.p99 === null
        ? 'no ping reply'
        : `p99 RTT ${fmtMs(s.p99)} ${WINDOW} (bound ${fmtMs(rttBound ?? 0)})`,
    );
    const lossBound = book.rule(hostId, vm, 'pingLoss').threshold;
    push(
      vm,
      'pingLoss',
      s.lossRatio,
      lossBound,
      s.lossRatio === null
        ? 'no ping sent'
        : `${fmtPct(s.lossRatio)} of pings lost ${WINDOW} (bound ${fmtPct(lossBound ?? 0)})`,
    );
    const v = schedOf.get(vm);
    const worst = v && f.sched ? plannedWorstCaseMs(f.sched, v) : null;
    if (worst !== null) {
      push(
        vm,
        'lsvmRttAboveWorstCase',
        s.p99,
        worst,
        s.p99 === null
          ? 'no ping reply'
          : `LSVM p99 RTT ${fmtMs(s.p99)} ${WINDOW}, planner's worst case ${fmtMs(worst)}`,
      );
    }
  }
  const shareBound = (vm: string) => book.rule(hostId, vm, 'shareBelowEntitlement').threshold;
  for (const [vm, ratio] of f.shares?.shareOfFair() ?? []) {
    const bound = shareBound(vm);
    push(
      vm,
      'shareBelowEntitlement',
      ratio,
      bound,
      ratio === null
        ? 'no fair share'
        : `gets ${fmtPct(ratio)} of its fair CPU share ${WINDOW} (bound ${fmtPct(bound ?? 0)})`,
    );
  }
  return out;
}
