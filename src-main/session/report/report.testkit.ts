import { countWait, emptyWaits } from '../../common/metrics/sched-waits';
import type { DomainSample } from '../../common/model';
import type { ClassSwitch, VmClass } from '../../common/sched';
import type { JournalRecord } from '../journal/record';

/**
 * A synthetic session journal for the report's tests and benchmark: hosts sampled at 1 Hz, probe
 * rounds, class switches with their full story, one outage with a `gapBefore` sample. An LSVM's
 * RTT is about 1–3 ms, an NLSVM's 10–40 ms with a few stragglers past 120 ms — so a switch to
 * LSVM shows clearly in the before/after tables.
 */
export interface SyntheticOptions {
  hosts: { hostId: string; name: string; vms: string[] }[];
  seconds: number;
  t0?: number;
  /** Probe rounds to every VM every this many seconds; echo requests per round. */
  latencyEverySec?: number;
  pingsPerRound?: number;
  switches?: { atSec: number; hostId: string; vm: string; to: VmClass; failed?: boolean }[];
  /** Host that drops out for `outage.seconds` from `outage.atSec`. */
  outage?: { hostId: string; atSec: number; seconds: number };
  /**
   * CPU % that varies from frame to frame as xentop prints it (one decimal), the share derived
   * from it as the sample mapper does; otherwise every guest gets exactly 1/n (tests want that).
   */
  jitter?: boolean;
  /**
   * Scheduling-wait readings every this many seconds (as `vslicer-ctl -w` gives them): 100 waits
   * per VM per reading, 2–4 ms for an LSVM, 20–60 ms for an NLSVM. Hosts listed in
   * `waitsUnavailable` report instead why they have none.
   */
  waitsEverySec?: number;
  waitsUnavailable?: string[];
}

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const LSVM_MS = 5;

export function* syntheticJournal(o: SyntheticOptions): Generator<JournalRecord> {
  const t0 = o.t0 ?? T0;
  const every = o.latencyEverySec ?? 2;
  const pings = o.pingsPerRound ?? 5;
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const cls = new Map<string, VmClass>();
  const key = (hostId: string, vm: string) => `${hostId}/${vm}`;
  for (const host of o.hosts) {
    const t = t0;
    yield {
      kind: 'host',
      t,
      data: {
        hostId: host.hostId,
        name: host.name,
        kind: 'ssh',
        target: `root@${host.hostId}:22`,
        profile: 'vslicer',
        guestPcpus: 1,
        capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
      },
    };
    yield { kind: 'status', t, data: status(host.hostId, 'connecting', t) };
    yield { kind: 'status', t, data: status(host.hostId, 'ready', t) };
  }
  for (let s = 0; s < o.seconds; s++) {
    const t = t0 + s * 1000;
    for (const [hi, host] of o.hosts.entries()) {
      const vms = host.vms;
      const share = 1 / vms.length;
      const addresses = new Map(vms.map((vm, i) => [vm, `10.0.${hi}.${i + 2}`]));
      if (s % 60 === 0) yield schedRecord(host.hostId, t, vms, cls);
      const out = o.outage?.hostId === host.hostId ? o.outage : undefined;
      if (out && s === out.atSec)
        yield {
          kind: 'status',
          t,
          data: status(host.hostId, 'reconnecting', t, 'connection lost'),
        };
      if (out && s >= out.atSec && s < out.atSec + out.seconds) continue;
      if (out && s === out.atSec + out.seconds)
        yield { kind: 'status', t, data: status(host.hostId, 'ready', t) };
      const domains: DomainSample[] = [
        {
          name: 'Domain-0',
          state: 'r-----',
          cpuPct: 3,
          share: null,
          memKiB: 1_048_576,
          maxMemKiB: null,
          vcpus: 1,
        },
      ];
      for (const name of vms) {
        const cpuPct = o.jitter
          ? Math.round((share * 100 + (rand() - 0.5) * share * 60) * 10) / 10
          : share * 100;
        const state = o.jitter && rand() < 0.3 ? '-----r' : '-b----';
        domains.push({
          name,
          state,
          cpuPct,
          share: o.jitter ? cpuPct / 100 : share,
          memKiB: 524_288,
          maxMemKiB: 524_288,
          vcpus: 1,
        });
      }
      const gapBefore = out !== undefined && s === out.atSec + out.seconds;
      yield {
        kind: 'sample',
        t,
        data: { hostId: host.hostId, t, domains, rejected: [], gapBefore },
      };
      if (s % every === 0) {
        for (const vm of vms) {
          const lsvm = cls.get(key(host.hostId, vm)) === 'LSVM';
          const rttMs = Array.from({ length: pings }, () => {
            const r = rand();
            if (r < 0.01) return null;
            if (!lsvm && r > 0.98) return ping(130 + r * 10);
            return ping(lsvm ? 1 + rand() * 2 : 10 + rand() * 30);
          });
          yield {
            kind: 'latency',
            t: t + 5,
            data: { hostId: host.hostId, vm, address: addresses.get(vm)!, t: t + 5, rttMs },
          };
        }
      }
      if (o.waitsEverySec && s > 0 && s % o.waitsEverySec === 0) {
        const none = o.waitsUnavailable?.includes(host.hostId) === true;
        yield {
          kind: 'waits',
          t: t + 10,
          data: {
            hostId: host.hostId,
            t: t + 10,
            sinceT: t + 10 - o.waitsEverySec * 1000,
            vms: none
              ? []
              : vms.map((vm, i) => {
                  const lsvm = cls.get(key(host.hostId, vm)) === 'LSVM';
                  const window = emptyWaits();
                  window.dispatches = 100;
                  for (let k = 0; k < 100; k++)
                    countWait(
                      window,
                      Math.round(lsvm ? 2000 + rand() * 2000 : 20_000 + rand() * 40_000),
                    );
                  return { vm, domid: i + 1, window };
                }),
            unavailable: none ? 'vslicer-ctl: command not found' : null,
          },
        };
      }
      for (const sw of o.switches ?? []) {
        if (sw.atSec !== s || sw.hostId !== host.hostId) continue;
        const from: VmClass = cls.get(key(host.hostId, sw.vm)) ?? 'NLSVM';
        const record = switchRecord(
          host.hostId,
          vms.indexOf(sw.vm) + 1,
          sw.vm,
          from,
          sw.to,
          t + 100,
          sw.failed === true,
        );
        yield {
          kind: 'switch',
          t: t + 100,
          data: {
            ...record,
            state: 'running',
            finishedAt: null,
            hostReply: '',
            exitCode: null,
            readBackMs: null,
          },
        };
        yield { kind: 'switch', t: t + 400, data: record };
        if (!sw.failed) cls.set(key(host.hostId, sw.vm), sw.to);
      }
    }
  }
  yield {
    kind: 'note',
    t: t0 + o.seconds * 1000,
    data: { text: 'End of run, "as planned", see =notes' },
  };
}

/** An RTT as ping prints it (`time=0.345 ms`, `time=12.4 ms`, `time=131 ms`): three significant digits. */
function ping(ms: number): number {
  const decimals = ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return Number(ms.toFixed(decimals));
}

export async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function status(
  hostId: string,
  state: 'connecting' | 'ready' | 'reconnecting',
  t: number,
  message: string | null = null,
) {
  return { hostId, state, message, since: t, retryAt: null, errorCode: null, keyChange: null };
}

function schedRecord(
  hostId: string,
  t: number,
  vms: string[],
  cls: Map<string, VmClass>,
): JournalRecord {
  return {
    kind: 'sched',
    t,
    data: {
      hostId,
      t,
      tsliceMs: 30,
      ratelimitUs: 1000,
      switchable: true,
      readOnlyReason: null,
      vms: vms.map((name, i) => {
        const vmClass = cls.get(`${hostId}/${name}`) ?? 'NLSVM';
        return {
          domid: i + 1,
          name,
          weight: 256,
          cap: 0,
          microsliceMs: vmClass === 'LSVM' ? LSVM_MS : 0,
          vmClass,
        };
      }),
    },
  };
}

function switchRecord(
  hostId: string,
  domid: number,
  vm: string,
  from: VmClass,
  to: VmClass,
  t: number,
  failed: boolean,
): ClassSwitch {
  const ms = to === 'LSVM' ? LSVM_MS : 0;
  const argv = ['xl', 'sched-vslicer', '-d', String(domid), '-m', String(ms)];
  return {
    id: `sw-${hostId}-${domid}-${t}`,
    hostId,
    domid,
    vm,
    from: { vmClass: from, microsliceMs: from === 'LSVM' ? LSVM_MS : 0 },
    to: { vmClass: to, microsliceMs: ms },
    argv,
    command: argv.join(' '),
    state: failed ? 'failed' : 'done',
    startedAt: t,
    finishedAt: t + 300,
    hostReply: failed ? 'xl: error: operation not permitted' : '',
    exitCode: failed ? 1 : 0,
    readBackMs: failed ? null : ms,
    error: failed ? 'the host refused the change (exit 1)' : null,
    undoOf: null,
  };
}

export const SESSION_ID = '20240501T120000Z-abc123';
export const SHA = 'a'.repeat(64);

/** The tests' session: 2 hosts, 5 VMs, 10 minutes, vm1 made an LSVM halfway, host b out for 20 s. */
export function smallSession(extra: Partial<SyntheticOptions> = {}): SyntheticOptions {
  return {
    hosts: [
      { hostId: 'lab-a', name: 'lab-a', vms: ['vm1', 'vm2', 'vm3'] },
      { hostId: 'lab-b', name: 'lab, "b"', vms: ['vm4', 'web,01 "x"'] },
    ],
    seconds: 600,
    switches: [{ atSec: 300, hostId: 'lab-a', vm: 'vm1', to: 'LSVM' }],
    outage: { hostId: 'lab-b', atSec: 100, seconds: 20 },
    ...extra,
  };
}
