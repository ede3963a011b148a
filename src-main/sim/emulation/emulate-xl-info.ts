import type { SimHostSnapshot } from '../snapshot';
import { padRight } from './printf';

/**
 * `xl info` (tools/xl/xl_info.c `print_info()`, docs/host-formats.md §6): `%-23s: %s` lines in
 * HEAD order. Facts the simulation does not model (kernel, build) are those of a Debian 12 dom0
 * with Xen 4.17, like the real-Xen test host (e2e/xen-host/), so the text looks like that host's.
 */
export function xlInfoLines(snap: SimHostSnapshot): Array<[string, string]> {
  const [major = '4', minor = '17', ...rest] = snap.xenVersion.split('.');
  const extra = rest.length > 0 ? `.${rest.join('.')}` : '';
  const mhz = Math.round(snap.cpuMhz * 1000);
  return [
    ['host', snap.hostname],
    ['release', '6.1.0-31-amd64'],
    ['version', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)'],
    ['machine', 'x86_64'],
    ['nr_cpus', String(snap.nrCpus)],
    ['max_cpu_id', String(snap.nrCpus - 1)],
    ['nr_nodes', '1'],
    ['cores_per_socket', String(snap.nrCpus)],
    ['threads_per_core', '1'],
    // "%d.%03d" since 4.11.
    ['cpu_mhz', `${Math.floor(mhz / 1000)}.${String(mhz % 1000).padStart(3, '0')}`],
    ['hw_caps', '178bfbff:f6f83203:2c100800:00000121:0000000f:009c07ab:00000000:00000100'],
    // virt_caps items each start with a space: the value is ":" + " pv hvm …".
    ['virt_caps', 'pv hvm hvm_directio pv_directio hap shadow gnttab-v1 gnttab-v2'],
    ['total_memory', String(snap.totalMemKiB / 1024n)],
    ['free_memory', String(snap.freeMemKiB / 1024n)],
    ['sharing_freed_memory', '0'],
    ['sharing_used_memory', '0'],
    ['outstanding_claims', '0'],
    ['free_cpus', '0'],
    ['xen_major', major],
    ['xen_minor', minor],
    ['xen_extra', extra],
    ['xen_version', snap.xenVersion],
    // The trailing space is real (Xen 4.17 prints it: src-main/xen/captured/xen-4.17/xl-info.txt).
    ['xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 '],
    ['xen_scheduler', snap.scheduler],
    ['xen_pagesize', '4096'],
    ['platform_params', 'virt_start=0xffff800000000000'],
    ['xen_changeset', ''],
    [
      'xen_commandline',
      `placeholder dom0_mem=1024M,max:1024M dom0_max_vcpus=1 sched=${snap.scheduler} console=com1 com1=115200,8n1`,
    ],
    ['cc_compiler', 'x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0'],
    ['cc_compile_by', 'pkg-xen-devel'],
    ['cc_compile_domain', 'lists.alioth.debian.org'],
    ['cc_compile_date', 'Fri Jan 31 12:00:00 UTC 2025'],
    ['build_id', '5d1bb3c9b4a0f1e6d2c7a8b9e0f1a2b3c4d5e6f7'],
    ['xend_config_format', '4'],
  ];
}

/** `xl info [KEY]`: KEY prints the value of every line whose key starts with it (4.8+). */
export function xlInfo(snap: SimHostSnapshot, key?: string): string {
  const lines = xlInfoLines(snap);
  if (key !== undefined) {
    return lines
      .filter(([k]) => k.startsWith(key))
      .map(([, v]) => (v.length > 0 ? v : '') + '\n')
      .join('');
  }
  return lines.map(([k, v]) => `${padRight(k, 23)}: ${v}\n`).join('');
}
