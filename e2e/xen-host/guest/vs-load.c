/*
 * vs-load: the guests' CPU load, lookbusy-style (the paper keeps each VM at 40 % with lookbusy):
 * in every period of PERIOD_MS it computes for DUTY % of the period (by the guest's monotonic
 * clock) and sleeps for the rest. It counts the work it got done (iterations of a fixed integer
 * loop), so a VM's throughput can be compared before and after a class switch.
 *
 * It listens on UDP PORT so dom0 can steer it without a login into the guest:
 *   "duty N"  sets the duty cycle (0..100) and answers "ok duty=N"
 *   "stats"   answers "iters=I busy_us=B uptime_us=U duty=D periods=P"
 * Every 10 s it also prints the stats line on the console (hvc0, logged by xenconsoled).
 *
 * Usage: vs-load DUTY_PCT PERIOD_MS PORT        (static binary: the guest has only busybox)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static int sock = -1;
static volatile int duty;
static unsigned long long iters, busy_us, periods, start_us;

static void stats_line(char *buf, size_t len)
{
    snprintf(buf, len, "iters=%llu busy_us=%llu uptime_us=%llu duty=%d periods=%llu",
             iters, busy_us, now_us() - start_us, duty, periods);
}

static void serve(void)
{
    char in[64], out[160];
    struct sockaddr_in from;
    socklen_t fl = sizeof(from);
    ssize_t n;

    while ((n = recvfrom(sock, in, sizeof(in) - 1, MSG_DONTWAIT, (struct sockaddr *)&from, &fl)) > 0) {
        in[n] = 0;
        if (strncmp(in, "duty ", 5) == 0) {
            int d = atoi(in + 5);
            if (d < 0 || d > 100)
                snprintf(out, sizeof(out), "error duty %d out of 0..100", d);
            else {
                duty = d;
                snprintf(out, sizeof(out), "ok duty=%d", d);
            }
        } else if (strncmp(in, "stats", 5) == 0)
            stats_line(out, sizeof(out));
        else
            snprintf(out, sizeof(out), "error unknown request");
        sendto(sock, out, strlen(out), 0, (struct sockaddr *)&from, fl);
        fl = sizeof(from);
    }
}

int main(int argc, char **argv)
{
    unsigned long long period_us, next_print;
    struct sockaddr_in a;
    volatile unsigned int x = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: vs-load DUTY_PCT PERIOD_MS PORT\n");
        return 2;
    }
    duty = atoi(argv[1]);
    period_us = strtoull(argv[2], NULL, 10) * 1000ULL;
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(atoi(argv[3]));
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (sock < 0 || bind(sock, (struct sockaddr *)&a, sizeof(a)) < 0)
        perror("vs-load: udp socket (no control, load only)");
    start_us = now_us();
    next_print = start_us + 10000000ULL;
    for (;;) {
        unsigned long long t0 = now_us(), t = t0;
        unsigned long long busy_end = t0 + period_us * duty / 100;
        unsigned long long end = t0 + period_us;

        /* Busy: fixed chunks of integer work, the clock read between chunks (~20 us each). */
        while (t < busy_end) {
            for (int i = 0; i < 2000; i++)
                x = x * 1103515245u + 12345u;
            iters++;
            t = now_us();
            if ((iters & 63) == 0 && sock >= 0)
                serve();
        }
        busy_us += (t > t0 ? t - t0 : 0);
        periods++;
        /* Idle: sleep in poll() so a request is answered at once. */
        while ((t = now_us()) < end) {
            struct pollfd p = { .fd = sock, .events = POLLIN };
            int ms = (int)((end - t + 999) / 1000);
            if (sock >= 0 && poll(&p, 1, ms) > 0)
                serve();
            else if (sock < 0)
                usleep(end - t);
        }
        if (t >= next_print) {
            char line[160];
            stats_line(line, sizeof(line));
            printf("vs-load: %s\n", line);
            fflush(stdout);
            next_print += 10000000ULL;
        }
    }
}
