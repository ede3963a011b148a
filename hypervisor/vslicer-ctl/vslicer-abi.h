/*
 * The vSlicer sub-operations of the scheduler domctl and sysctl, as
 * hypervisor/patches/0001 adds them to xen/include/public/{domctl,sysctl}.h.
 * Debian's libxen-dev has the stock headers, so the tool carries these
 * definitions itself; the layouts must stay identical to the patch.
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSLICER_ABI_H
#define VSLICER_ABI_H

#include <stdint.h>
#include <xenctrl.h>

#define XEN_DOMCTL_SCHEDOP_putvslicer 4
#define XEN_DOMCTL_SCHEDOP_getvslicer 5
#define XEN_DOMCTL_SCHEDOP_getvslicerwaits 6
#define XEN_SYSCTL_SCHEDOP_getvslicer 2

#define XEN_VSLICER_WAIT_BUCKETS 24
struct xen_domctl_vslicer_waits {
    uint64_aligned_t dispatches;
    uint64_aligned_t waits;
    uint64_aligned_t sum_us;
    uint64_aligned_t max_us;
    uint64_aligned_t hist[XEN_VSLICER_WAIT_BUCKETS];
};

/* Overlays struct xen_domctl_scheduler_op's union u (16 bytes). */
struct xen_domctl_sched_vslicer {
    uint32_t microslice_us;
    uint32_t pad;
    uint64_aligned_t waits;      /* XEN_GUEST_HANDLE_64 */
};

#define XEN_VSLICER_MODE_OFF          0
#define XEN_VSLICER_MODE_ALGORITHM1   1
#define XEN_VSLICER_MODE_ROUND_ROBIN  2
#define XEN_VSLICER_MODE_FULL_SLICES  3
struct xen_sysctl_vslicer_lsvm {
    uint16_t domid;
    uint16_t pad;
    uint32_t microslice_us;
    uint32_t tm_us;
    uint32_t r;
    uint32_t tn_us;
};

struct xen_sysctl_vslicer_pool {
    uint32_t tslice_us;
    uint32_t ratelimit_us;
    uint32_t nr_pcpus;
    uint32_t m;
    uint32_t n;
    uint32_t tn_us;
    uint32_t ts_us;
    uint32_t mode;
    uint32_t nr_lsvms;
    uint32_t pad;
    uint64_aligned_t lsvms;      /* XEN_GUEST_HANDLE_64 */
};

/* Overlays struct xen_sysctl_scheduler_op's union u. */
struct xen_sysctl_sched_vslicer {
    uint64_aligned_t pool;       /* XEN_GUEST_HANDLE_64 */
};

_Static_assert(sizeof(struct xen_domctl_sched_vslicer) == 16, "domctl union member");
_Static_assert(sizeof(struct xen_domctl_vslicer_waits) == 28 * 8, "waits");
_Static_assert(sizeof(struct xen_sysctl_vslicer_lsvm) == 20, "lsvm row");
_Static_assert(sizeof(struct xen_sysctl_vslicer_pool) == 48, "pool");

#endif
