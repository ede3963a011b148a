#!/bin/sh
# RTT of a pinged guest that shares its pCPU with busy guests, as an NLSVM and as an LSVM (the
# paper's Fig. 7 experiment), and its scheduling waits over each run. Run as root in dom0:
#
#   ssh ... root@127.0.0.1 'sh -s -- vslicer-ping 10.0.0.3 5 100' < hypervisor/measure-rtt.sh
#
# Arguments: the guest, its address, the LSVM's microslice in ms, pings per run (0.2 s apart).
# Leaves the guest an NLSVM.
#
# SPDX-License-Identifier: GPL-2.0-only
set -eu
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
dom=${1:-vslicer-ping}
addr=${2:-10.0.0.3}
ms=${3:-5}
count=${4:-100}

waits() { vslicer-ctl -w -d "$dom" | awk 'NR == 2 { print $(NF-4), $(NF-3), $(NF-2), $(NF-1) }'; }

one() { # one LABEL: pings, then the waits of the run
    set -- "$1" $(waits)
    label=$1; w0=$3; s0=$4
    summary=$(ping -q -c "$count" -i 0.2 "$addr" | tail -n 2 | tr '\n' ' ')
    set -- $(waits)
    dw=$(($2 - w0)); ds=$(($3 - s0))
    echo "$label: $summary"
    echo "$label: $dw waits, mean wait $([ "$dw" -gt 0 ] && echo $((ds / dw)) || echo -) us, max so far $4 us"
}

vslicer-ctl -d "$dom" -m 0
vslicer-ctl -s | head -1
one NLSVM
vslicer-ctl -d "$dom" -m "$ms"
vslicer-ctl -s
one "LSVM ${ms}ms"
vslicer-ctl -d "$dom" -m 0
