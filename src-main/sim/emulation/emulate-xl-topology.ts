import type { SimHostSnapshot } from '../snapshot';
import { fixed, num, padRight } from './printf';
import { byDomid } from './emulate-xl-list';
import { POOL } from './emulate-xl-sched';

/**
 * `xl vcpu-list` and `xl cpupool-list [-c]` as tools/xl/xl_vcpu.c and xl_cpupool.c print them
 * (docs/host-formats.md §5, §7): where each vCPU is and may run, and the pools' pCPUs. The
 * simulated host is a dom0 with a core of its own: Domain-0 pinned to pCPU 0, every guest's vCPU
 * pinned to its guest pCPU (1…), all in Pool-0 — the paper's setup, so the console measures
 * guest shares against the guests' pCPUs alone, as it does for the built-in demo host.
 */

/** libxl's bitmap as `print_bitmap` prints it: `all`, `none`, or ranges `0-3,8`. */
export function printBitmap(cpus: readonly number[], nrCpus: number): string {
  const set = [...new Set(cpus)].filter((c) => c >= 0 && c < nrCpus).sort((a, b) => a - b);
  if (set.length === 0) return 'none';
  if (set.length === nrCpus) return 'all';
  const parts: string[] = [];
  for (let i = 0; i < set.length;) {
    let j = i;
    while (j + 1 < set.length && set[j + 1] === set[j]! + 1) j++;
    parts.push(j === i ? `${set[i]}` : `${set[i]}-${set[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function xlVcpuList(snap: SimHostSnapshot): string {
  const head = `${padRight('Name', 32)} ${['ID', 'VCPU', 'CPU', 'State', 'Time(s)'].map((h, i) => (i === 4 ? h.padStart(9) : h.padStart(5))).join(' ')} Affinity (Hard / Soft)\n`;
  const rows = byDomid(snap).flatMap((d) =>
    d.vcpuPcpu.map((cpu, v) => {
      const state = d.flags.running && v === 0 ? 'r' : '-';
      const blocked = d.flags.blocked ? 'b' : '-';
      const sec = Number(d.vcpuNs[v] ?? 0n) / 1e9;
      const hard = printBitmap([cpu], snap.nrCpus);
      return `${padRight(d.name, 32)} ${num(d.domid, 5)} ${num(v, 5)}${num(cpu, 5)} ${state.padStart(3)}${blocked}- ${fixed(sec, 1, 9)}  ${hard} / all\n`;
    }),
  );
  return head + rows.join('');
}

export function xlCpupoolList(snap: SimHostSnapshot, cpuList: boolean): string {
  const all = Array.from({ length: snap.nrCpus }, (_, i) => i);
  if (cpuList) return `${padRight('Name', 19)}CPU list\n${padRight(POOL, 19)}${all.join(',')}\n`;
  return (
    `${padRight('Name', 19)}CPUs   Sched     Active   Domain count\n` +
    `${padRight(POOL, 19)}${num(snap.nrCpus, 3)} ${snap.scheduler.padStart(9)}       y       ${num(snap.domains.length, 4)}\n`
  );
}
