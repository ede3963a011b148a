/**
 * The app's built-in demo host: Domain-0 plus five VMs sharing one pCPU, as in
 * the paper's testbed — two I/O-bound guests (a web server and a VoIP gateway: ping responders
 * with request/response load and some CPU work of their own, like the paper's 40 % lookbusy) and
 * three CPU-bound guests. vSlicer, every VM an NLSVM at start (Section 4); switching web-frontend
 * or voip-gw to an LSVM (e.g. 5 ms) cuts its wait from ~120 ms to ~30 ms, visible in ping RTTs.
 *
 * Addresses are in 192.0.2.0/24 (TEST-NET-1, RFC 5737): nothing ever sends real packets there.
 */
import { DEFAULT_TSLICE_MS } from '../../common/vslicer/credit-defaults';
import { SimHost } from './host';
import type { VmSpec } from './types';

export const DEMO_VMS: readonly VmSpec[] = [
  {
    name: 'web-frontend',
    workloads: ['lookbusy:40', 'ping', 'rr:40:300'],
    ip: '192.0.2.11',
    mac: '00:16:3e:5a:01:0b',
  },
  {
    name: 'voip-gw',
    workloads: ['lookbusy:30', 'ping', 'rr:50:150'],
    ip: '192.0.2.12',
    mac: '00:16:3e:5a:01:0c',
  },
  { name: 'batch-worker', workloads: ['cpu', 'ping'], ip: '192.0.2.13', mac: '00:16:3e:5a:01:0d' },
  {
    name: 'db-report',
    workloads: ['lookbusy:70', 'ping'],
    ip: '192.0.2.14',
    mac: '00:16:3e:5a:01:0e',
  },
  {
    name: 'video-encode',
    workloads: ['lookbusy:90', 'ping'],
    ip: '192.0.2.15',
    mac: '00:16:3e:5a:01:0f',
  },
];

export function createDemoHost(seed = 1): SimHost {
  const created = SimHost.create({
    pcpus: 1,
    scheduler: 'vslicer',
    tsliceMs: DEFAULT_TSLICE_MS,
    seed,
    hostname: 'vslicer-demo',
    vms: DEMO_VMS,
  });
  // The specification above is fixed and valid; a failure here is a bug in this file.
  if (!created.ok) throw new Error(`demo host: ${created.error.message}`);
  return created.value;
}
