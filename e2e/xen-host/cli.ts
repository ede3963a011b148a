/**
 * `npm run xen-host [-- --stock] [-- --guests N]`: boots the real Xen 4.17 test host (the vSlicer
 * hypervisor by default) and says how to watch it in the app; Ctrl-C stops QEMU and removes the
 * run's key and disk overlay.
 */
import { startXenHost } from './xen-host';

const args = process.argv.slice(2);
const stock = args.includes('--stock');
const guestsAt = args.indexOf('--guests');
const guests = guestsAt >= 0 ? Number(args[guestsAt + 1]) : 4;
const host = await startXenHost({ hypervisor: stock ? 'stock' : 'vslicer', guests });
const t = host.timings;
const names = host.guests.map((g) => `${g.name} (${g.address})`).join(', ');
console.log(`
Xen 4.17 ${stock ? "(Debian's stock hypervisor, credit scheduler)" : `with vSlicer (${host.hypervisor.xen})`} is up under QEMU.
  guests on pCPU 1, 40 % load each: ${names || 'none'}; dom0 keeps pCPU 0
  image: ${t.imageBuild === null ? 'cached' : `built in ${t.imageBuild.toFixed(0)} s`}, dom0 answered SSH after ${t.bootToSsh.toFixed(0)} s, guests running after ${t.guestUp.toFixed(0)} s more
  versions: ${host.image.versions
    .split('\n')
    .filter((l) => /^(xen-hypervisor|linux-image-amd64|openssh-server)/.test(l))
    .join(', ')}

Add it in vSlicer Console (npm start, then "Add host"):
  Name           Xen 4.17 under QEMU
  Address        127.0.0.1        Port ${host.port}
  User           root
  Key file       ${host.identityFile}
  Profile        ${stock ? 'credit (stock Xen: classes are shown, switching is disabled)' : 'vslicer-ctl (classes switch, scheduling waits are read)'}
  The host key prompt must show ${host.hostKeyFingerprint}

Or from a shell: ssh -i ${host.identityFile} -p ${host.port} -o UserKnownHostsFile=${host.runDir}/known_hosts root@127.0.0.1 vslicer-ctl
A guest's load, from dom0: vs-loadctl 10.0.0.3 7000 stats   (or 'duty 100')
Press Ctrl-C to stop the host (everything it started goes with it).`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  console.log('\nxen-host: stopping');
  await host.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Keep the process (and so QEMU) alive until a signal comes, or QEMU ends (a Xen panic powers
// it off: the tail of the serial console says why).
const watch = setInterval(() => {
  if (!host.exited) return;
  clearInterval(watch);
  console.log(`\nxen-host: ${host.exited}\n${host.serialTail(40)}`);
  void stop();
}, 2000);
