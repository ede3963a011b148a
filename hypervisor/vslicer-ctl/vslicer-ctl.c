/*
 * vslicer-ctl: the dom0 control of the vSlicer hypervisor (Xen 4.17 with
 * hypervisor/patches). What stock xl cannot do: a domain's class (NLSVM, or
 * an LSVM with a microslice), the parameters vSlicer has in force per credit
 * cpupool, and the scheduling-wait statistics per domain.
 *
 *   vslicer-ctl [-p POOL]              the listing
 *   vslicer-ctl -d DOM                 the listing's header and DOM's row
 *   vslicer-ctl -d DOM -m MS           set DOM's microslice (0 = NLSVM)
 *   vslicer-ctl -s [-p POOL]           parameters in force per credit cpupool
 *   vslicer-ctl -w [-d DOM | -p POOL]  scheduling-wait statistics per domain
 *
 * Errors: one line "vslicer-ctl: <message>" on stderr, nothing on stdout;
 * exit 1 refused, 2 usage, 3 a hypervisor without vSlicer. Everything is
 * checked before the one hypercall that changes something.
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>
#include <xenstore.h>

#include "vslicer-abi.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2
#define EXIT_NO_VSLICER 3
#define MIN_MICROSLICE_US 1000
#define SEE "(see vslicer-ctl -h)"

static const char help[] =
    "Usage:\n"
    "  vslicer-ctl [-p POOL]              the listing: every cpupool running credit, or POOL\n"
    "  vslicer-ctl -d DOM                 the listing's header and DOM's row\n"
    "  vslicer-ctl -d DOM -m MS           set DOM's microslice in ms (0 = NLSVM); prints nothing\n"
    "  vslicer-ctl -s [-p POOL]           vSlicer parameters in force per credit cpupool\n"
    "  vslicer-ctl -w [-d DOM | -p POOL]  scheduling-wait statistics per domain\n"
    "  vslicer-ctl -h                     usage\n";

static void __attribute__((noreturn, format(printf, 2, 3)))
fail(int status, const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("vslicer-ctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(status);
}

/* Milliseconds with at most three decimals ("5", "2.5", "1.125") as us. */
static bool parse_ms(const char *s, uint32_t *us)
{
    uint64_t whole = 0, frac = 0;
    unsigned int n = 0, d = 0;

    for ( ; isdigit((unsigned char)*s); s++, n++ )
        whole = whole * 10 + (*s - '0');
    if ( n < 1 || n > 7 )
        return false;
    if ( *s == '.' )
    {
        for ( s++; isdigit((unsigned char)*s); s++, d++ )
            frac = frac * 10 + (*s - '0');
        if ( d < 1 || d > 3 )
            return false;
        for ( ; d < 3; d++ )
            frac *= 10;
    }
    if ( *s )
        return false;
    if ( whole * 1000 + frac > UINT32_MAX )
    {
        /* Beyond any tslice: keep it out of range, not wrapped. */
        *us = UINT32_MAX;
        return true;
    }
    *us = whole * 1000 + frac;
    return true;
}

/* Whole ms as an integer, else 1-3 decimals without trailing zeros. */
static const char *format_ms(uint32_t us, char *buf, size_t len)
{
    unsigned int frac = us % 1000;

    if ( !frac )
        snprintf(buf, len, "%u", us / 1000);
    else
    {
        snprintf(buf, len, "%u.%03u", us / 1000, frac);
        for ( char *e = buf + strlen(buf) - 1; *e == '0'; e-- )
            *e = '\0';
    }
    return buf;
}

struct args {
    bool s, w;
    const char *pool, *dom, *ms;
};

/* The argument rules, in this order (the app's emulation checks the same). */
static void parse_args(int argc, char **argv, struct args *a)
{
    uint32_t us;

    memset(a, 0, sizeof(*a));
    for ( int i = 1; i < argc; i++ )
    {
        const char *arg = argv[i];
        const char **val;

        if ( !strcmp(arg, "-h") || !strcmp(arg, "--help") )
        {
            fputs(help, stdout);
            exit(0);
        }
        if ( !strcmp(arg, "-s") || !strcmp(arg, "-w") )
        {
            bool *f = arg[1] == 's' ? &a->s : &a->w;

            if ( *f )
                fail(EXIT_USAGE, "%s given twice " SEE, arg);
            *f = true;
            continue;
        }
        if ( !strcmp(arg, "-p") )
            val = &a->pool;
        else if ( !strcmp(arg, "-d") )
            val = &a->dom;
        else if ( !strcmp(arg, "-m") )
            val = &a->ms;
        else if ( arg[0] == '-' && arg[1] )
            fail(EXIT_USAGE, "unknown option \"%s\" " SEE, arg);
        else
            fail(EXIT_USAGE, "too many arguments (\"%s\"); see vslicer-ctl -h",
                 arg);
        if ( *val )
            fail(EXIT_USAGE, "%s given twice " SEE, arg);
        if ( i + 1 >= argc )
            fail(EXIT_USAGE, "%s needs a value " SEE, arg);
        *val = argv[++i];
    }
    if ( a->s && a->w )
        fail(EXIT_USAGE, "-s and -w cannot be combined " SEE);
    if ( a->ms && (!a->dom || a->s || a->w) )
        fail(EXIT_USAGE, "-m needs -d DOM and no -s or -w " SEE);
    if ( a->dom && a->pool )
        fail(EXIT_USAGE, "-d and -p cannot be combined " SEE);
    if ( a->s && a->dom )
        fail(EXIT_USAGE, "-s takes -p POOL, not -d " SEE);
    if ( a->ms && !parse_ms(a->ms, &us) )
        fail(EXIT_USAGE, "microslice \"%s\" is not a number of milliseconds "
             "(e.g. 5 or 2.5; 0 = NLSVM)", a->ms);
}

static xc_interface *xch;
static struct xs_handle *xsh;

struct pool {
    uint32_t id, sched_id;
    char *name;
};

struct dom {
    uint32_t domid, pool;
    char *name;
};

static struct pool *pools;
static unsigned int nr_pools;
static struct dom *doms;
static unsigned int nr_doms;

static char *xs_name(const char *fmt, unsigned int id)
{
    char path[64];
    char *v = NULL;
    unsigned int len;

    snprintf(path, sizeof(path), fmt, id);
    if ( xsh )
        v = xs_read(xsh, XBT_NULL, path, &len);
    return v;
}

static void read_pools(void)
{
    uint32_t next = 0;
    xc_cpupoolinfo_t *info;

    while ( (info = xc_cpupool_getinfo(xch, next)) != NULL )
    {
        struct pool *p;

        pools = realloc(pools, (nr_pools + 1) * sizeof(*pools));
        if ( !pools )
            fail(EXIT_REFUSED, "out of memory");
        p = &pools[nr_pools++];
        p->id = info->cpupool_id;
        p->sched_id = info->sched_id;
        p->name = xs_name("/local/pool/%u/name", p->id);
        if ( !p->name && asprintf(&p->name, "Pool-%u", p->id) < 0 )
            fail(EXIT_REFUSED, "out of memory");
        next = info->cpupool_id + 1;
        xc_cpupool_infofree(xch, info);
    }
    if ( !nr_pools )
        fail(EXIT_REFUSED, "cannot list the cpupools: %s", strerror(errno));
}

static void read_doms(void)
{
    static xc_domaininfo_t info[1024];
    uint32_t next = 0;
    int n;

    while ( (n = xc_domain_getinfolist(xch, next, 1024, info)) > 0 )
    {
        doms = realloc(doms, (nr_doms + n) * sizeof(*doms));
        if ( !doms )
            fail(EXIT_REFUSED, "out of memory");
        for ( int i = 0; i < n; i++ )
        {
            struct dom *d = &doms[nr_doms++];

            d->domid = info[i].domain;
            d->pool = info[i].cpupool;
            d->name = xs_name("/local/domain/%u/name", d->domid);
            if ( !d->name && !(d->name = strdup("(null)")) )
                fail(EXIT_REFUSED, "out of memory");
        }
        next = info[n - 1].domain + 1;
        if ( n < 1024 )
            break;
    }
    if ( n < 0 )
        fail(EXIT_REFUSED, "cannot list the domains: %s", strerror(errno));
}

static const struct pool *pool_of(uint32_t id)
{
    for ( unsigned int i = 0; i < nr_pools; i++ )
        if ( pools[i].id == id )
            return &pools[i];
    return NULL;
}

/*
 * XEN_SYSCTL_SCHEDOP_getvslicer on a credit pool: its parameters and, when
 * rows is not NULL, its LSVMs (*rows malloc'ed, *nr rows). -1 with errno.
 */
static int get_vslicer(uint32_t poolid, struct xen_sysctl_vslicer_pool *out,
                       struct xen_sysctl_vslicer_lsvm **rows, unsigned int *nr)
{
    struct xen_sysctl sysctl;
    struct xen_sysctl_sched_vslicer vs;
    unsigned int room = 0;
    int rc = -1, saved;
    DECLARE_HYPERCALL_BUFFER(struct xen_sysctl_vslicer_pool, pool);
    DECLARE_HYPERCALL_BUFFER(struct xen_sysctl_vslicer_lsvm, lsvms);

    for ( int tries = 0; tries < 4; tries++ )
    {
        pool = xc_hypercall_buffer_alloc(xch, pool, sizeof(*pool));
        if ( !pool )
            return -1;
        memset(pool, 0, sizeof(*pool));
        if ( rows && room )
        {
            lsvms = xc_hypercall_buffer_alloc(xch, lsvms,
                                              room * sizeof(*lsvms));
            if ( !lsvms )
                goto out;
            pool->nr_lsvms = room;
            pool->lsvms = HYPERCALL_BUFFER_AS_ARG(lsvms);
        }

        memset(&sysctl, 0, sizeof(sysctl));
        sysctl.cmd = XEN_SYSCTL_scheduler_op;
        sysctl.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
        sysctl.u.scheduler_op.cpupool_id = poolid;
        sysctl.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
        sysctl.u.scheduler_op.cmd = XEN_SYSCTL_SCHEDOP_getvslicer;
        vs.pool = HYPERCALL_BUFFER_AS_ARG(pool);
        memcpy(&sysctl.u.scheduler_op.u, &vs, sizeof(vs));

        if ( xc_sysctl(xch, &sysctl) )
            goto out;
        *out = *pool;
        if ( !rows || pool->m <= room )
            break;
        /* More LSVMs than room: ask again with room for them all. */
        room = pool->m + 8;
        xc_hypercall_buffer_free(xch, pool);
        xc_hypercall_buffer_free(xch, lsvms);
    }
    if ( rows )
    {
        *nr = out->nr_lsvms;
        *rows = calloc(*nr ? *nr : 1, sizeof(**rows));
        if ( !*rows )
            goto out;
        if ( *nr )
            memcpy(*rows, lsvms, *nr * sizeof(**rows));
    }
    rc = 0;
 out:
    saved = errno;
    xc_hypercall_buffer_free(xch, pool);
    xc_hypercall_buffer_free(xch, lsvms);
    errno = saved;
    return rc;
}

/* A credit scheduler_op domctl carrying the vSlicer union member. */
static int dom_vslicer(uint32_t domid, uint32_t cmd,
                       struct xen_domctl_sched_vslicer *vs)
{
    struct xen_domctl domctl;

    memset(&domctl, 0, sizeof(domctl));
    domctl.cmd = XEN_DOMCTL_scheduler_op;
    domctl.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    domctl.domain = domid;
    domctl.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    domctl.u.scheduler_op.cmd = cmd;
    memcpy(&domctl.u.scheduler_op.u, vs, sizeof(*vs));
    if ( xc_domctl(xch, &domctl) )
        return -1;
    memcpy(vs, &domctl.u.scheduler_op.u, sizeof(*vs));
    return 0;
}

static int get_waits(uint32_t domid, struct xen_domctl_vslicer_waits *w)
{
    struct xen_domctl_sched_vslicer vs = { 0 };
    int rc, saved;
    DECLARE_HYPERCALL_BUFFER(struct xen_domctl_vslicer_waits, buf);

    buf = xc_hypercall_buffer_alloc(xch, buf, sizeof(*buf));
    if ( !buf )
        return -1;
    memset(buf, 0, sizeof(*buf));
    vs.waits = HYPERCALL_BUFFER_AS_ARG(buf);
    rc = dom_vslicer(domid, XEN_DOMCTL_SCHEDOP_getvslicerwaits, &vs);
    saved = errno;
    if ( !rc )
        *w = *buf;
    xc_hypercall_buffer_free(xch, buf);
    errno = saved;
    return rc;
}

static bool is_credit(const struct pool *p)
{
    return p && p->sched_id == XEN_SCHEDULER_CREDIT;
}

static bool selected(const struct pool *only, const struct pool *p)
{
    return is_credit(p) && (!only || only == p);
}

static const char *const modes[] = {
    [XEN_VSLICER_MODE_OFF] = "off",
    [XEN_VSLICER_MODE_ALGORITHM1] = "algorithm1",
    [XEN_VSLICER_MODE_ROUND_ROBIN] = "round-robin",
    [XEN_VSLICER_MODE_FULL_SLICES] = "full-slices",
};

static int by_domid(const void *a, const void *b)
{
    const struct xen_sysctl_vslicer_lsvm *x = a, *y = b;

    return (int)x->domid - (int)y->domid;
}

static const char *dom_name(uint32_t domid)
{
    for ( unsigned int i = 0; i < nr_doms; i++ )
        if ( doms[i].domid == domid )
            return doms[i].name;
    return "(null)";
}

/* -s: per credit pool its parameters in force, then one row per LSVM. */
static void print_params(const struct pool *only)
{
    for ( unsigned int i = 0; i < nr_pools; i++ )
    {
        const struct pool *p = &pools[i];
        struct xen_sysctl_vslicer_pool v;
        struct xen_sysctl_vslicer_lsvm *rows;
        unsigned int nr;

        if ( !selected(only, p) )
            continue;
        if ( get_vslicer(p->id, &v, &rows, &nr) )
            fail(EXIT_REFUSED, "cannot read the vSlicer parameters of "
                 "cpupool %s: %s", p->name, strerror(errno));
        printf("Cpupool %s: tslice=%ums ratelimit=%uus pcpus=%u m=%u n=%u "
               "tn=%uus ts=%uus mode=%s\n", p->name, v.tslice_us / 1000,
               v.ratelimit_us, v.nr_pcpus, v.m, v.n, v.tn_us, v.ts_us,
               v.mode < 4 ? modes[v.mode] : "unknown");
        printf("%-33s %4s %14s %7s %4s %7s\n", "Name", "ID", "Microslice(us)",
               "Tm(us)", "r", "Tn(us)");
        qsort(rows, nr, sizeof(*rows), by_domid);
        for ( unsigned int k = 0; k < nr; k++ )
            printf("%-33s %4u %14u %7u %4u %7u\n", dom_name(rows[k].domid),
                   rows[k].domid, rows[k].microslice_us, rows[k].tm_us,
                   rows[k].r, rows[k].tn_us);
        free(rows);
    }
}

static void print_waits_header(void)
{
    printf("%-33s %4s %12s %12s %14s %10s %s\n", "Name", "ID", "Dispatches",
           "Waits", "Sum(us)", "Max(us)", "Histogram");
}

/* -w: one row per domain; false when its statistics cannot be read. */
static bool print_waits_row(const struct dom *d)
{
    struct xen_domctl_vslicer_waits w;

    if ( get_waits(d->domid, &w) )
        return false;
    printf("%-33s %4u %12" PRIu64 " %12" PRIu64 " %14" PRIu64 " %10" PRIu64
           " ", d->name, d->domid, w.dispatches, w.waits, w.sum_us, w.max_us);
    for ( unsigned int b = 0; b < XEN_VSLICER_WAIT_BUCKETS; b++ )
        printf(b ? ",%" PRIu64 : "%" PRIu64, w.hist[b]);
    putchar('\n');
    return true;
}

static void print_listing_header(void)
{
    printf("%-33s %4s %6s %4s %10s\n", "Name", "ID", "Weight", "Cap",
           "Microslice");
}

/* The listing's row: xl sched-credit's, then the microslice in ms. */
static bool print_listing_row(const struct dom *d)
{
    struct xen_domctl_sched_credit cred;
    struct xen_domctl_sched_vslicer vs = { 0 };
    char ms[32];

    if ( xc_sched_credit_domain_get(xch, d->domid, &cred) ||
         dom_vslicer(d->domid, XEN_DOMCTL_SCHEDOP_getvslicer, &vs) )
        return false;
    printf("%-33s %4u %6u %4u %10s\n", d->name, d->domid, cred.weight,
           cred.cap, format_ms(vs.microslice_us, ms, sizeof(ms)));
    return true;
}

int main(int argc, char **argv)
{
    struct args a;
    const struct pool *only = NULL, *probe = NULL;
    const struct dom *dom = NULL;
    struct xen_sysctl_vslicer_pool v;
    xentoollog_logger_stdiostream *quiet;

    parse_args(argc, argv, &a);

    /* libxenctrl logs its own errors on stderr: ours are the one line. */
    quiet = xtl_createlogger_stdiostream(stderr, XTL_NUM_LEVELS, 0);
    xch = xc_interface_open((xentoollog_logger *)quiet,
                            (xentoollog_logger *)quiet, 0);
    if ( !xch )
        fail(EXIT_REFUSED, "cannot open the hypervisor interface (run it as "
             "root in dom0): %s", strerror(errno));
    xsh = xs_open(XS_OPEN_READONLY);
    read_pools();

    /* Is this a vSlicer hypervisor? Ask the first credit pool. */
    for ( unsigned int i = 0; i < nr_pools && !probe; i++ )
        if ( is_credit(&pools[i]) )
            probe = &pools[i];
    if ( !probe )
        fail(EXIT_NO_VSLICER, "no cpupool runs the credit scheduler, so there "
             "is no vSlicer to control (boot Xen with sched=credit)");
    if ( get_vslicer(probe->id, &v, NULL, NULL) )
    {
        if ( errno == EINVAL )
            fail(EXIT_NO_VSLICER, "this hypervisor has no vSlicer (the credit "
                 "scheduler refused XEN_SYSCTL_SCHEDOP_getvslicer with "
                 "EINVAL: it is a Xen without hypervisor/patches)");
        fail(EXIT_REFUSED, "cannot read the vSlicer parameters of cpupool "
             "%s: %s", probe->name, strerror(errno));
    }

    if ( a.pool )
    {
        for ( unsigned int i = 0; i < nr_pools && !only; i++ )
        {
            char id[16];

            snprintf(id, sizeof(id), "%u", pools[i].id);
            if ( !strcmp(a.pool, pools[i].name) || !strcmp(a.pool, id) )
                only = &pools[i];
        }
        if ( !only )
            fail(EXIT_REFUSED, "no cpupool \"%s\"", a.pool);
        if ( !is_credit(only) )
            fail(EXIT_REFUSED, "cpupool %s does not run the credit scheduler",
                 only->name);
    }

    read_doms();
    if ( a.dom )
    {
        const char *q = a.dom;
        bool numeric = *q != '\0';

        for ( const char *c = q; *c; c++ )
            numeric = numeric && isdigit((unsigned char)*c);
        if ( numeric )
        {
            while ( q[0] == '0' && q[1] )
                q++;
            for ( unsigned int i = 0; i < nr_doms && !dom; i++ )
            {
                char id[16];

                snprintf(id, sizeof(id), "%u", doms[i].domid);
                if ( !strcmp(q, id) )
                    dom = &doms[i];
            }
            if ( !dom )
                fail(EXIT_REFUSED, "no domain with id %s", q);
        }
        else
        {
            for ( unsigned int i = 0; i < nr_doms && !dom; i++ )
                if ( !strcmp(q, doms[i].name) )
                    dom = &doms[i];
            if ( !dom )
                fail(EXIT_REFUSED, "no domain \"%s\"", q);
        }
        if ( !is_credit(pool_of(dom->pool)) )
            fail(EXIT_REFUSED, "domain %s is not in a cpupool running the "
                 "credit scheduler", dom->name);
    }

    if ( a.s )
    {
        print_params(only);
        return 0;
    }

    if ( a.w )
    {
        if ( dom )
        {
            /* Read first: an error must leave stdout empty. */
            struct xen_domctl_vslicer_waits w;

            if ( get_waits(dom->domid, &w) )
                fail(EXIT_REFUSED, "cannot read the waits of domain %s: %s",
                     dom->name, strerror(errno));
            print_waits_header();
            if ( !print_waits_row(dom) )
                fail(EXIT_REFUSED, "cannot read the waits of domain %s: %s",
                     dom->name, strerror(errno));
            return 0;
        }
        print_waits_header();
        /* Domains that vanish meanwhile are left out. */
        for ( unsigned int i = 0; i < nr_doms; i++ )
            if ( selected(only, pool_of(doms[i].pool)) )
                print_waits_row(&doms[i]);
        return 0;
    }

    if ( dom && a.ms )
    {
        const struct pool *p = pool_of(dom->pool);
        struct xen_domctl_sched_vslicer vs = { 0 };
        uint32_t us, low;
        char buf[32];

        parse_ms(a.ms, &us);
        if ( get_vslicer(p->id, &v, NULL, NULL) )
            fail(EXIT_REFUSED, "cannot read the vSlicer parameters of "
                 "cpupool %s: %s", p->name, strerror(errno));
        low = v.ratelimit_us > MIN_MICROSLICE_US ? v.ratelimit_us
                                                 : MIN_MICROSLICE_US;
        if ( us != 0 && (us < low || us > v.tslice_us) )
            fail(EXIT_REFUSED, "microslice %s ms is out of range: 0 (NLSVM) "
                 "or from %u us to %u ms in cpupool %s (tslice %u ms, "
                 "ratelimit %u us)", format_ms(us, buf, sizeof(buf)), low,
                 v.tslice_us / 1000, p->name, v.tslice_us / 1000,
                 v.ratelimit_us);
        vs.microslice_us = us;
        if ( dom_vslicer(dom->domid, XEN_DOMCTL_SCHEDOP_putvslicer, &vs) )
            fail(EXIT_REFUSED, "cannot set the microslice of domain %s: %s",
                 dom->name, strerror(errno));
        return 0;
    }

    if ( dom )
    {
        struct xen_domctl_sched_credit cred;
        struct xen_domctl_sched_vslicer vs = { 0 };

        /* Read first: an error must leave stdout empty. */
        if ( xc_sched_credit_domain_get(xch, dom->domid, &cred) ||
             dom_vslicer(dom->domid, XEN_DOMCTL_SCHEDOP_getvslicer, &vs) )
            fail(EXIT_REFUSED, "cannot read the parameters of domain %s: %s",
                 dom->name, strerror(errno));
        print_listing_header();
        print_listing_row(dom);
        return 0;
    }

    for ( unsigned int i = 0; i < nr_pools; i++ )
    {
        const struct pool *p = &pools[i];

        if ( !selected(only, p) )
            continue;
        if ( get_vslicer(p->id, &v, NULL, NULL) )
            fail(EXIT_REFUSED, "cannot read the vSlicer parameters of "
                 "cpupool %s: %s", p->name, strerror(errno));
        printf("Cpupool %s: tslice=%ums ratelimit=%uus\n", p->name,
               v.tslice_us / 1000, v.ratelimit_us);
        print_listing_header();
        for ( unsigned int k = 0; k < nr_doms; k++ )
            if ( doms[k].pool == p->id )
                print_listing_row(&doms[k]);
    }
    return 0;
}
