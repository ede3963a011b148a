#!/bin/sh
# The vSlicer hypervisor's checks, run as root in dom0 of the booted test host:
#
#   ssh ... root@127.0.0.1 'sh -s' < hypervisor/check.sh            (vSlicer hypervisor)
#   ssh ... root@127.0.0.1 'STOCK=1 sh -s' < hypervisor/check.sh    (Debian's stock one)
#
# Stock xl / xentop unchanged; vslicer-ctl's listing, -d, -m, -s, -w; bad input refused with the
# right status and nothing on stdout; a pool with no LSVM is stock credit (its parameters say
# mode=off and xl sched-credit reads as before). Every guest is left an NLSVM at the end.
# One line per check (ok / FAIL); the status is the number of failures.
#
# SPDX-License-Identifier: GPL-2.0-only
set -u
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check NAME COMMAND... : the command's status is the verdict
    name=$1; shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}
# run ARGS...: vslicer-ctl's stdout, stderr and status in $out, $err, $st
run() {
    out=$(vslicer-ctl "$@" 2>/tmp/vs-err); st=$?; err=$(cat /tmp/vs-err)
}
# refused STATUS MESSAGE-FRAGMENT ARGS...
refused() {
    want=$1; frag=$2; shift 2
    run "$@"
    if [ "$st" = "$want" ] && [ -z "$out" ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
        case $err in "vslicer-ctl: "*"$frag"*) true ;; *) false ;; esac; then
        ok "vslicer-ctl $* -> $want ($err)"
    else
        bad "vslicer-ctl $* -> status $st, want $want; stdout [$out] stderr [$err]"
    fi
}

# Stock tools, unchanged.
info=$(xl info)
check "xl info: 4.17.5" sh -c "printf '%s\n' \"\$1\" | grep -q '^xen_version *: 4.17.5'" _ "$info"
check "xl info: credit" sh -c "printf '%s\n' \"\$1\" | grep -q '^xen_scheduler *: credit'" _ "$info"
list=$(xl list)
check "xl list" sh -c "printf '%s\n' \"\$1\" | head -1 | grep -q '^Name  *ID   Mem VCPUs'" _ "$list"
sc0=$(xl sched-credit)
check "xl sched-credit" sh -c "printf '%s\n' \"\$1\" | grep -q '^Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us'" _ "$sc0"
xt=$(xentop -b -i 2 -d 1)
check "xentop -b -i 2" sh -c "[ \$(printf '%s\n' \"\$1\" | grep -c '^ *NAME  STATE') = 2 ]" _ "$xt"
check "xl cpupool-list" sh -c "xl cpupool-list | grep -q '^Pool-0 .*credit'"

if [ "${STOCK:-}" = 1 ]; then
    refused 3 "this hypervisor has no vSlicer (the credit scheduler refused XEN_SYSCTL_SCHEDOP_getvslicer with EINVAL: it is a Xen without hypervisor/patches)"
    refused 3 "no vSlicer" -w
    echo "$fails failure(s)"
    exit "$fails"
fi

# A guest to switch: the first domain other than 0, else domain 0 itself.
dom=$(xl list | awk 'NR > 1 && $2 != 0 { print $1; exit }')
[ -n "$dom" ] || dom=Domain-0
domid=$(xl domid "$dom")
echo "     guest: $dom ($domid)"

# The listing.
run
check "listing: status 0, nothing on stderr" [ "$st" = 0 -a -z "$err" ]
check "listing: pool line" [ "$(printf '%s\n' "$out" | sed -n 1p)" = "Cpupool Pool-0: tslice=30ms ratelimit=1000us" ]
check "listing: header" [ "$(printf '%s\n' "$out" | sed -n 2p)" = "Name                                ID Weight  Cap Microslice" ]
check "listing: one row per domain" [ "$(printf '%s\n' "$out" | tail -n +3 | wc -l)" = "$(xl list | tail -n +2 | wc -l)" ]
check "listing: Domain-0 row" sh -c "printf '%s\n' \"\$1\" | grep -Eq '^Domain-0 {29}0 +[0-9]+ +[0-9]+ +0\$'" _ "$out"

# No LSVM: stock credit, mode off.
run -s
check "-s with no LSVM: mode=off" sh -c "printf '%s\n' \"\$1\" | head -1 | grep -Eq '^Cpupool Pool-0: tslice=30ms ratelimit=1000us pcpus=[0-9]+ m=0 n=[0-9]+ tn=[0-9]+us ts=0us mode=off\$'" _ "$out"
check "-s header" [ "$(printf '%s\n' "$out" | sed -n 2p)" = "Name                                ID Microslice(us)  Tm(us)    r  Tn(us)" ]
check "-s with no LSVM: no rows" [ "$(printf '%s\n' "$out" | wc -l)" = 2 ]
echo "     $(printf '%s\n' "$out" | head -1)"

# -w: the header, 24 buckets, counters that grow.
run -w
w1=$out
check "-w: header" [ "$(printf '%s\n' "$out" | sed -n 1p)" = "Name                                ID   Dispatches        Waits        Sum(us)    Max(us) Histogram" ]
check "-w: 24 buckets, waits = their sum" sh -c "printf '%s\n' \"\$1\" | tail -n +2 | awk '{ n = split(\$NF, h, \",\"); s = 0; for (i = 1; i <= n; i++) s += h[i]; if (n != 24 || s != \$(NF - 3)) bad = 1 } END { exit bad }'" _ "$out"
sleep 2
run -w -d 0
d0a=$(printf '%s\n' "$w1" | awk '$(NF-5) == 0 { print $(NF-4) }')
d0b=$(printf '%s\n' "$out" | awk 'NR == 2 { print $(NF-4) }')
check "-w -d 0: dom0's waits grow ($d0a -> $d0b)" [ "${d0b:-0}" -gt "${d0a:-0}" ]
check "-w -d 0: header and one row" [ "$(printf '%s\n' "$out" | wc -l)" = 2 ]

# Switch the guest to an LSVM and back.
run -d "$dom" -m 5
check "-d $dom -m 5: status 0, silent" [ "$st" = 0 -a -z "$out" -a -z "$err" ]
run -d "$dom"
check "-d $dom reads back 5" sh -c "printf '%s\n' \"\$1\" | tail -1 | grep -Eq ' {9}5\$'" _ "$out"
run -s
echo "     $(printf '%s\n' "$out" | head -1)"
check "-s with an LSVM: m=1" sh -c "printf '%s\n' \"\$1\" | head -1 | grep -q ' m=1 '" _ "$out"
check "-s: the LSVM's row" sh -c "printf '%s\n' \"\$1\" | grep -Eq '^$dom +$domid +5000 +[0-9]+ +[0-9]+ +[0-9]+\$'" _ "$out"
run -d "$dom" -m 2.5
run -d "$dom"
check "-d $dom reads back 2.5" sh -c "printf '%s\n' \"\$1\" | tail -1 | grep -Eq ' {7}2\\.5\$'" _ "$out"
run -d "$domid" -m 1.125
run -d "$domid"
check "-d $domid reads back 1.125" sh -c "printf '%s\n' \"\$1\" | tail -1 | grep -Eq ' 1\\.125\$'" _ "$out"
check "xl sched-credit unchanged by a class" [ "$(xl sched-credit)" = "$sc0" ]
run -d "$dom" -m 0
run -d "$dom"
check "-d $dom -m 0: NLSVM again" sh -c "printf '%s\n' \"\$1\" | tail -1 | grep -Eq ' {9}0\$'" _ "$out"
run -s
check "-s back to mode=off" sh -c "printf '%s\n' \"\$1\" | head -1 | grep -q ' m=0 .* mode=off\$'" _ "$out"

# Weight still works (xl) and shows in the listing.
xl sched-credit -d "$dom" -w 512
run -d "$dom"
check "weight 512 via xl shows" sh -c "printf '%s\n' \"\$1\" | tail -1 | grep -Eq ' 512 '" _ "$out"
xl sched-credit -d "$dom" -w 256

# Refusals.
refused 1 "microslice 0.5 ms is out of range: 0 (NLSVM) or from 1000 us to 30 ms in cpupool Pool-0 (tslice 30 ms, ratelimit 1000 us)" -d "$dom" -m 0.5
refused 1 "microslice 31 ms is out of range" -d "$dom" -m 31
refused 1 'no domain "no-such-vm"' -d no-such-vm
refused 1 "no domain with id 4242" -d 4242
refused 1 'no cpupool "no-such-pool"' -p no-such-pool
refused 2 'unknown option "-x" (see vslicer-ctl -h)' -x
refused 2 "-s and -w cannot be combined (see vslicer-ctl -h)" -s -w
refused 2 "-m needs -d DOM and no -s or -w (see vslicer-ctl -h)" -m 5
refused 2 "-d and -p cannot be combined (see vslicer-ctl -h)" -d 0 -p Pool-0
refused 2 "-s takes -p POOL, not -d (see vslicer-ctl -h)" -s -d 0
refused 2 '-d needs a value (see vslicer-ctl -h)' -d
refused 2 '-w given twice (see vslicer-ctl -h)' -w -w
refused 2 'too many arguments ("extra"); see vslicer-ctl -h' extra
refused 2 'microslice "1.2345" is not a number of milliseconds (e.g. 5 or 2.5; 0 = NLSVM)' -d 0 -m 1.2345
run -d "$dom"
check "a refused change changed nothing" sh -c "printf '%s\n' \"\$1\" | tail -1 | grep -Eq ' {9}0\$'" _ "$out"
run -h
check "-h: usage, status 0" sh -c "[ $st = 0 ] && printf '%s\n' \"\$1\" | head -1 | grep -q '^Usage:'" _ "$out"

check "xl sched-credit as before" [ "$(xl sched-credit)" = "$sc0" ]
echo "$fails failure(s)"
exit "$fails"
