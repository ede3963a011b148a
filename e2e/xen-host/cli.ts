/**
 * `npm run xen-host`: boots the real Xen 4.17 test host and says how to watch it in the app; Ctrl-C
 * stops QEMU and removes the run's key and disk overlay.
 */
import { startXenHost } from './xen-host';

const host = await startXenHost();
const t = host.timings;
console.log(`
Xen 4.17 (credit scheduler) is up under QEMU with guests vslicer-busy (CPU-bound) and vslicer-idle (pings at 10.0.0.3).
  image: ${t.imageBuild === null ? 'cached' : `built in ${t.imageBuild.toFixed(0)} s`}, dom0 answered SSH after ${t.bootToSsh.toFixed(0)} s
  versions: ${host.image.versions.split('\n').filter((l) => /^(xen-hypervisor|linux-image-amd64|openssh-server)/.test(l)).join(', ')}

Add it in vSlicer Console (npm start, then "Add host"):
  Name           Xen 4.17 under QEMU
  Address        127.0.0.1        Port ${host.port}
  User           root
  Key file       ${host.identityFile}
  Profile        credit (stock Xen: classes are shown, switching is disabled)
  The host key prompt must show ${host.hostKeyFingerprint}

Or from a shell: ssh -i ${host.identityFile} -p ${host.port} -o UserKnownHostsFile=${host.runDir}/known_hosts root@127.0.0.1 xentop -b -i 2
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
// Keep the process (and so QEMU) alive until a signal comes.
setInterval(() => undefined, 1 << 30);
