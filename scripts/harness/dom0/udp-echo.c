/*
 * udp-echo PORT COUNT: a UDP echo server for the harness's tests. It sends COUNT datagrams back
 * to their senders, on IPv4 and IPv6 (one dual-stack socket), printing each, then exits.
 * busybox's nc has no UDP.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
	struct sockaddr_storage from;
	char buf[65536], host[INET6_ADDRSTRLEN];
	int s, off = 0, i, count;

	if (argc != 3) {
		fprintf(stderr, "usage: udp-echo PORT COUNT\n");
		return 2;
	}
	a.sin6_port = htons(atoi(argv[1]));
	count = atoi(argv[2]);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	if (s < 0 || setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("udp-echo");
		return 1;
	}
	printf("udp-echo: listening on %s\n", argv[1]);
	fflush(stdout);
	for (i = 0; i < count; i++) {
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
		if (n < 0 || sendto(s, buf, n, 0, (struct sockaddr *)&from, fl) != n) {
			perror("udp-echo");
			return 1;
		}
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&from)->sin6_addr, host, sizeof host);
		printf("udp-echo: echoed %zd bytes to %s\n", n, host);
		fflush(stdout);
	}
	return 0;
}
