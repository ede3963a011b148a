#!/usr/bin/env bash
# Builds the dom0 disk image of the real-Xen test host from Debian 12's own packages:
# a debootstrapped root filesystem with Xen 4.17 (hypervisor + tools), a Debian kernel, OpenSSH,
# ping and a bridge, turned into an ext4 image without mounting anything (mke2fs -d). Beside the
# image it leaves what QEMU boots directly (the hypervisor unpacked, dom0's kernel and initrd),
# dom0's public host key (so tests pin it instead of trusting on first use) and the versions of
# the packages that went in.
#
# Usage: build-image.sh OUT_DIR   (as root: debootstrap and chroot need it)
# The caller (xen-image.ts) decides when to rebuild; this script always builds from scratch into
# OUT_DIR.partial and renames it at the end, so an interrupted build never looks finished.
set -euo pipefail

out=${1:?usage: build-image.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
suite=bookworm
# The machine's own apt mirror (XEN_HOST_MIRROR overrides), and its apt proxy for debootstrap.
mirror=$("$here/apt-mirror.sh" "$suite")
if [ -z "${http_proxy:-}" ] && command -v apt-config > /dev/null; then
  eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
  [ -n "${http_proxy:-}" ] && export http_proxy && echo "xen-host: apt's proxy $http_proxy"
fi
work="$out.partial"
root="$work/rootfs"

packages=(
  systemd-sysv udev kmod iproute2 procps ifupdown isc-dhcp-client netbase
  openssh-server iputils-ping bridge-utils busybox-static cpio
  xen-system-amd64 xen-hypervisor-4.17-amd64 xen-utils-4.17
  linux-image-amd64 initramfs-tools
)

[ "$(id -u)" = 0 ] || { echo "build-image.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
for tool in debootstrap chroot mkfs.ext4 cpio gzip zcat; do
  command -v "$tool" > /dev/null || { echo "build-image.sh: $tool is missing (Debian: debootstrap, cpio, e2fsprogs)" >&2; exit 1; }
done
rm -rf "$work"
mkdir -p "$work"
t0=$(date +%s)

echo "xen-host: debootstrap $suite from $mirror"
debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" \
  "$suite" "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
t_debootstrap=$(date +%s)

# Files of our own: boot-time setup, guest configs, the guest's init.
cp -a "$here/rootfs/." "$root/"
chmod 755 "$root/usr/local/sbin/"* "$root/var/lib/vslicer-guest/init"

chroot_run() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C "$@"; }

mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT

echo "xen-dom0" > "$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 xen-dom0\n' > "$root/etc/hosts"
printf '/dev/vda / ext4 defaults,noatime 0 1\n' > "$root/etc/fstab"
# A small initrd with only what finds the root disk halves dom0's boot under emulation.
printf 'MODULES=list\nCOMPRESS=gzip\n' > "$root/etc/initramfs-tools/conf.d/vslicer"
printf 'virtio_pci\nvirtio_blk\nvirtio_net\next4\n' > "$root/etc/initramfs-tools/modules"
chroot_run update-initramfs -u -k all > "$work/initramfs.log" 2>&1
# Guest consoles logged, so a guest that fails to boot can be read.
echo 'XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console"' >> "$root/etc/default/xen"
mkdir -p "$root/var/log/xen/console"
chroot_run systemctl enable vslicer-boot.service > /dev/null 2>&1

# The guests' initramfs: static busybox, Xen's network front end, and our init.
kver=$(ls "$root/lib/modules")
g="$work/guest-initrd"
mkdir -p "$g/bin" "$g/lib/modules" "$g/proc" "$g/sys" "$g/dev"
cp "$root/bin/busybox" "$g/bin/busybox"
find "$root/lib/modules/$kver" -name 'xen-netfront.ko*' -exec cp {} "$g/lib/modules/" \;
cp "$root/var/lib/vslicer-guest/init" "$g/init"
ln -sf "/boot/vmlinuz-$kver" "$root/var/lib/vslicer-guest/vmlinuz"
(cd "$g" && find . | cpio -o -H newc --quiet | gzip -9) > "$root/var/lib/vslicer-guest/initrd.gz"
rm -rf "$g"

# Nothing from the build machine's apt cache in the image.
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
umount "$root/proc"
trap - EXIT

cp "$root/etc/ssh/ssh_host_ed25519_key.pub" "$work/ssh_host_ed25519_key.pub"
zcat "$root/boot/xen-4.17-amd64.gz" > "$work/xen.elf"
cp "$root/boot/vmlinuz-$kver" "$work/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$work/initrd.img"
chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' "${packages[@]}" > "$work/versions.txt" 2>/dev/null || true

size_mb=$(( $(du -sm "$root" | cut -f1) + 768 ))
mkfs.ext4 -q -F -L dom0 -d "$root" "$work/dom0.img" "${size_mb}M"
rm -rf "$root"
t_end=$(date +%s)
printf '{"debootstrapSeconds":%d,"totalSeconds":%d,"kernel":"%s"}\n' \
  $((t_debootstrap - t0)) $((t_end - t0)) "$kver" > "$work/build.json"
rm -rf "$out"
mv "$work" "$out"
echo "xen-host: image built in $((t_end - t0)) s at $out"
