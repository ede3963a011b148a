#!/bin/sh
# Builds the vSlicer hypervisor (Xen 4.17 + hypervisor/patches) and the dom0 tool vslicer-ctl,
# into a cache directory keyed by what they are made of:
#
#   ${XEN_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vslicer-console/xen-host}/xen-<key>/
#       xen           the multiboot ELF QEMU's -kernel takes (xen/xen of the build)
#       xen.gz        the same, compressed as Debian installs it in /boot
#       xen.config    the .config it was built with
#       vslicer-ctl   the dom0 tool, built against this machine's libxen-dev (bookworm)
#       build.log     what make printed
#       key           the key and the files it was computed from
#
# <key> is the first 16 hex digits of the sha256 of the tarball, every patch, the tool's sources
# and this script. A cached directory is reused as it is; a build goes to xen-<key>.partial and is
# renamed only when complete. The last line on stdout is the directory.
#
# The Xen build runs under `flock /tmp/qemu.lock` (2 cores: never beside an emulated host).
# A caller that already holds that lock sets XEN_BUILD_LOCK= (empty) to skip it.
#
# Environment: XEN_SRC_TARBALL (default /work/shared/xen-src/xen-4.17.5+72-g01140da4e8-hypervisor.tar.xz),
# XEN_HOST_CACHE, XEN_BUILD_LOCK (default /tmp/qemu.lock), XEN_BUILD_JOBS (default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${XEN_SRC_TARBALL:-/work/shared/xen-src/xen-4.17.5+72-g01140da4e8-hypervisor.tar.xz}
cache=${XEN_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vslicer-console/xen-host}
lock=${XEN_BUILD_LOCK-/tmp/qemu.lock}
jobs=${XEN_BUILD_JOBS:-2}

say() { echo "build-xen: $*" >&2; }

[ -f "$tarball" ] || { say "no tarball $tarball"; exit 1; }

# The key: every input, by content, in a fixed order (patches in name order).
inputs=$(cd "$here" && {
    echo build-xen.sh
    ls patches/*.patch 2>/dev/null || true
    ls vslicer-ctl/*.c vslicer-ctl/*.h vslicer-ctl/Makefile 2>/dev/null || true
})
keyfile=$( {
    printf '%s  %s\n' "$(sha256sum <"$tarball" | cut -d' ' -f1)" "$(basename "$tarball")"
    for f in $inputs; do
        printf '%s  %s\n' "$(sha256sum <"$here/$f" | cut -d' ' -f1)" "$f"
    done
} )
key=$(printf '%s\n' "$keyfile" | sha256sum | cut -c1-16)
out=$cache/xen-$key

if [ -f "$out/xen" ] && [ -f "$out/vslicer-ctl" ]; then
    say "cached: $out"
    echo "$out"
    exit 0
fi

mkdir -p "$cache"
# One build per key at a time: a second caller waits, then finds the cache.
exec 9>"$out.lock"
flock 9
if [ -f "$out/xen" ] && [ -f "$out/vslicer-ctl" ]; then
    say "cached (built meanwhile): $out"
    echo "$out"
    exit 0
fi
work=$out.partial
rm -rf "$work"
mkdir -p "$work"
start=$(date +%s)

say "extracting $(basename "$tarball") into $work/src"
mkdir "$work/src"
tar -xJf "$tarball" -C "$work/src"
top=$(ls -d "$work"/src/xen-*)

for p in $(cd "$here" && ls patches/*.patch 2>/dev/null || true); do
    say "applying $p"
    patch -p1 -s -d "$top" <"$here/$p"
done

cp "$top/debian-bookworm-hypervisor.config" "$top/xen/.config"
say "building Xen (make -j$jobs, about 1.5 min on 2 cores)${lock:+ under flock $lock}"
set -- sh -c 'make -C "$1/xen" olddefconfig && make -C "$1/xen" -j"$2"' sh "$top" "$jobs"
if [ -n "$lock" ]; then
    set -- flock "$lock" "$@"
fi
"$@" >"$work/build.log" 2>&1 ||
    { tail -n 40 "$work/build.log" >&2; say "Xen build failed (log: $work/build.log)"; exit 1; }

say "building vslicer-ctl"
make -s -C "$here/vslicer-ctl" O="$work" >>"$work/build.log" 2>&1 ||
    { tail -n 20 "$work/build.log" >&2; say "vslicer-ctl build failed"; exit 1; }

cp "$top/xen/xen" "$work/xen"
cp "$top/xen/xen.gz" "$work/xen.gz"
cp "$top/xen/.config" "$work/xen.config"
printf 'key %s\n%s\n' "$key" "$keyfile" >"$work/key"
rm -rf "$work/src"
rm -rf "$out"
mv "$work" "$out"
say "built in $(( $(date +%s) - start )) s: $out"
echo "$out"
