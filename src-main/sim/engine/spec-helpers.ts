/** Shared set-up for the engine's specs: N VMs on one pCPU, the first K of them LSVMs. */
import { SimHost } from './host';
import type { SchedulerKind } from '../../common/vslicer/notices';

export function oneCoreHost(
  scheduler: SchedulerKind,
  microslicesMs: readonly number[],
  workloads: readonly string[] = ['cpu'],
  extra: { tsliceMs?: number; seed?: number } = {},
): SimHost {
  const r = SimHost.create({
    pcpus: 1,
    scheduler,
    tsliceMs: extra.tsliceMs ?? 30,
    seed: extra.seed ?? 1,
    vms: microslicesMs.map((ms, i) => ({
      name: `vm${i + 1}`,
      microsliceMs: ms,
      workloads: [...workloads, 'ping'],
    })),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export function stats(host: SimHost, name: string) {
  const s = host.allVmStats().find((v) => v.name === name);
  if (!s) throw new Error(`no VM ${name}`);
  return s;
}
