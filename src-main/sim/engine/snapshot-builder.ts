/**
 * SimHostSnapshot (sim/snapshot.ts) from the engine's state: what the command emulation prints as
 * xentop / xl text. Domain-0 sits on core 0, not simulated, with a small steady CPU use plus a bit
 * per packet it forwards; guest pCPU i is physical CPU i+1 (the paper's setup, Section 5).
 */
import type { SimDomain, SimHostSnapshot } from '../snapshot';
import { BLOCKED, PARKED, RUNNING } from './state';
import type { SimHost } from './host';

const DOM0_MEM_KIB = 1024 * 1024;
const HOST_MEM_KIB = 4 * 1024 * 1024; // the paper's 4 GB servers
const DOM0_US_PER_PACKET = 5;

const ns = (us: number): bigint => BigInt(Math.round(us * 1000));

export function buildSnapshot(host: SimHost): SimHostSnapshot {
  const now = host.nowUs;
  const dom0CpuUs = now * host.timing.dom0CpuFraction + host.dom0Packets * DOM0_US_PER_PACKET;
  const domains: SimDomain[] = [
    {
      domid: 0,
      name: 'Domain-0',
      uuid: '00000000-0000-0000-0000-000000000000',
      flags: {
        dying: false,
        shutdown: false,
        blocked: false,
        crashed: false,
        paused: false,
        running: true,
      },
      cpuNs: ns(dom0CpuUs),
      vcpuNs: [ns(dom0CpuUs)],
      vcpuPcpu: [0],
      memKiB: BigInt(DOM0_MEM_KIB),
      maxMemKiB: null,
      nets: [],
      vbds: [],
      ssid: 0,
      weight: 256,
      cap: 0,
      microsliceMs: 0,
    },
  ];
  let used = DOM0_MEM_KIB;
  for (const vm of host.liveVms()) {
    const cpuUs = vm.cpuUs + (vm.state === RUNNING ? now - vm.lastSettleUs : 0);
    used += vm.memKiB;
    domains.push({
      domid: vm.domid,
      name: vm.name,
      uuid: vm.uuid,
      flags: {
        dying: false,
        shutdown: false,
        blocked: vm.state === BLOCKED,
        crashed: false,
        paused: vm.state === PARKED,
        running: vm.state === RUNNING,
      },
      cpuNs: ns(cpuUs),
      vcpuNs: [ns(cpuUs)],
      vcpuPcpu: [vm.pcpu + 1],
      memKiB: BigInt(vm.memKiB),
      maxMemKiB: BigInt(vm.memKiB),
      nets: [
        {
          rxBytes: BigInt(vm.rxBytes),
          rxPackets: BigInt(vm.rxPackets),
          rxErrors: 0n,
          rxDrops: 0n,
          txBytes: BigInt(vm.txBytes),
          txPackets: BigInt(vm.txPackets),
          txErrors: 0n,
          txDrops: 0n,
          mac: vm.mac,
          ...(vm.ip !== undefined ? { ip: vm.ip } : {}),
        },
      ],
      vbds: [{ devId: 51712, oo: 0n, rd: 0n, wr: 0n, rsect: 0n, wsect: 0n }],
      ssid: 0,
      weight: vm.weight,
      cap: vm.cap,
      microsliceMs: vm.microsliceMs,
      waits: { ...vm.waits, hist: [...vm.waits.hist] },
    });
  }
  return {
    nowNs: ns(now),
    hostname: host.hostname,
    xenVersion: '3.4.2',
    scheduler: host.scheduler,
    tsliceMs: host.tsliceUs / 1000,
    ratelimitUs: host.ratelimitUs,
    nrCpus: host.pcpus.length + 1,
    cpuMhz: 3000,
    totalMemKiB: BigInt(HOST_MEM_KIB),
    freeMemKiB: BigInt(Math.max(0, HOST_MEM_KIB - used)),
    domains,
  };
}
