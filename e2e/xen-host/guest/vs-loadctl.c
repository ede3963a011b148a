/*
 * vs-loadctl: dom0's side of vs-load's UDP control (dom0 has no nc that waits for a reply).
 * Usage: vs-loadctl ADDRESS PORT REQUEST [TIMEOUT_MS]   prints the guest's one-line answer.
 * Exit 0 answered, 1 no answer within the timeout (default 3000 ms), 2 usage.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
    struct sockaddr_in a;
    char buf[256];
    int s, timeout = argc > 4 ? atoi(argv[4]) : 3000;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: vs-loadctl ADDRESS PORT REQUEST [TIMEOUT_MS]\n");
        return 2;
    }
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
        fprintf(stderr, "vs-loadctl: bad address %s\n", argv[1]);
        return 2;
    }
    s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
        perror("vs-loadctl");
        return 1;
    }
    /* Resent every 500 ms: a guest waiting for its slice may miss nothing, but ARP may. */
    for (int waited = 0; waited < timeout; waited += 500) {
        struct pollfd p = { .fd = s, .events = POLLIN };
        send(s, argv[3], strlen(argv[3]), 0);
        if (poll(&p, 1, 500) > 0) {
            ssize_t n = recv(s, buf, sizeof(buf) - 1, 0);
            if (n > 0) {
                buf[n] = 0;
                printf("%s\n", buf);
                return 0;
            }
        }
    }
    fprintf(stderr, "vs-loadctl: no answer from %s within %d ms\n", argv[1], timeout);
    return 1;
}
