/*
 * vchan-peer DOMID PATH IN OUT [HOLD-MS]: a libxenvchan client for the harness's tests. It
 * connects to the vchan server of domain DOMID at xenstore PATH, sends file IN while it
 * writes what the server sends to file OUT, until the server closes. It then keeps the
 * server's pages mapped for HOLD-MS milliseconds, so that tests see the server's grants
 * stay in use until the client lets go. vchan-socket-proxy moves 8 KiB per
 * turn of its loop, too slow under TCG for tests that move tens of MB; this moves up to
 * 1 MiB per call.
 */
#include <errno.h>
#include <fcntl.h>
#include <libxenvchan.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char inbuf[1 << 20], outbuf[1 << 20];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void write_all(int fd, const char *p, int n)
{
	while (n > 0) {
		int w = write(fd, p, n);
		if (w < 0) {
			perror("vchan-peer: write");
			exit(1);
		}
		p += w;
		n -= w;
	}
}

int main(int argc, char **argv)
{
	struct libxenvchan *c = NULL;
	int in, out, n, tries, in_eof = 0, in_len = 0, in_off = 0;
	long long sent = 0, received = 0;
	double start;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: vchan-peer DOMID XENSTORE-PATH IN-FILE OUT-FILE [HOLD-MS]\n");
		return 2;
	}
	/* The server may not have published its vchan yet. */
	for (tries = 0; tries < 600 && !c; tries++) {
		c = libxenvchan_client_init(NULL, atoi(argv[1]), argv[2]);
		if (!c)
			usleep(100000);
	}
	if (!c) {
		perror("vchan-peer: libxenvchan_client_init");
		return 1;
	}
	c->blocking = 0;
	in = open(argv[3], O_RDONLY);
	out = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || out < 0) {
		perror("vchan-peer: open");
		return 1;
	}
	start = now();
	for (;;) {
		int progress = 0;

		if (!in_eof && in_off == in_len) {
			n = read(in, inbuf, sizeof inbuf);
			if (n < 0) {
				perror("vchan-peer: read");
				return 1;
			}
			in_eof = n == 0;
			in_len = n;
			in_off = 0;
		}
		if (in_off < in_len) {
			n = libxenvchan_write(c, inbuf + in_off, in_len - in_off);
			if (n < 0) {
				fprintf(stderr, "vchan-peer: the server closed with %d bytes unsent\n", in_len - in_off);
				return 1;
			}
			in_off += n;
			sent += n;
			progress |= n > 0;
		}
		n = libxenvchan_read(c, outbuf, sizeof outbuf);
		if (n < 0)
			break; /* closed, and nothing left to read */
		if (n > 0) {
			write_all(out, outbuf, n);
			received += n;
			progress = 1;
		}
		if (!progress && libxenvchan_wait(c) < 0) {
			perror("vchan-peer: libxenvchan_wait");
			return 1;
		}
	}
	printf("vchan-peer: sent %lld bytes, received %lld bytes in %.2f s\n", sent, received, now() - start);
	if (argc == 6)
		usleep(atoi(argv[5]) * 1000);
	libxenvchan_close(c);
	return 0;
}
