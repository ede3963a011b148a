/*
 * vector-check: does user space in dom0 keep its vector registers across vCPU switches?
 * Copies 1 MiB buffers with glibc's memcpy, which loads the tail into vector registers first
 * and stores it last, and compares every byte with a scalar loop. Run two at once on dom0's two
 * vCPUs sharing one pCPU: a register state lost on a switch shows as a wrong tail.
 * Usage: vector-check SECONDS   prints "rounds=N bad=M"; exit 0 when M is 0, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    const size_t n = 1 << 20;
    unsigned char *a = malloc(n), *b = malloc(n);
    unsigned long rounds = 0, bad = 0;
    time_t end;

    if (argc != 2 || atoi(argv[1]) <= 0 || !a || !b) {
        fprintf(stderr, "usage: vector-check SECONDS\n");
        return 2;
    }
    end = time(NULL) + atoi(argv[1]);
    for (size_t i = 0; i < n; i++)
        a[i] = (unsigned char)(i * 131 + 7);
    while (time(NULL) < end) {
        /* Offsets and lengths vary so every alignment of head and tail is copied. */
        size_t off = (rounds * 37) % 4096, len = n - 4096 - rounds % 977;

        memset(b, 0xaa, n);
        memcpy(b + off, a + off, len);
        for (size_t i = 0; i < len; i++)
            if (b[off + i] != a[off + i]) {
                if (bad < 5)
                    fprintf(stderr, "round %lu: byte %zu of %zu copied wrong\n", rounds, i, len);
                bad++;
                break;
            }
        rounds++;
    }
    printf("rounds=%lu bad=%lu\n", rounds, bad);
    return bad != 0;
}
