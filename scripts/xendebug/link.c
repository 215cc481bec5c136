/* Byte stream to gdb (see link.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "link.h"

int link_open_files(struct link *l, const char *dir)
{
	char p[4096];

	memset(l, 0, sizeof(*l));
	l->files = 1;
	snprintf(l->inpath, sizeof(l->inpath), "%s/in", dir);
	l->in = open(l->inpath, O_RDONLY | O_CREAT, 0600);
	snprintf(p, sizeof(p), "%s/out", dir);
	l->out = open(p, O_WRONLY | O_APPEND | O_CREAT, 0600);
	return l->in < 0 || l->out < 0 ? -1 : 0;
}

void link_open_stdio(struct link *l)
{
	memset(l, 0, sizeof(*l));
	l->in = 0;
	l->out = 1;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int link_getc(struct link *l, int timeout_ms, int extra_fd)
{
	long deadline = now_ms() + timeout_ms;
	/* ms between looks at the file: short at first (a reply's packet follows soon), then up
	 * to a quarter of the timeout */
	int nap = 2;

	while (l->pos == l->len) {
		struct pollfd pf[2] = {{.fd = l->in, .events = POLLIN}, {.fd = extra_fd, .events = POLLIN}};
		long left = deadline - now_ms();
		ssize_t n;

		if (left < 0)
			left = 0;
		if (l->files) {
			n = read(l->in, l->buf, sizeof(l->buf));
			if (n > 0) {
				l->len = n;
				l->pos = 0;
				break;
			}
			if (n < 0 && errno != EINTR)
				return -2;
			if (left == 0)
				return -1;
			/* Each look is a 9p request (several context switches under TCG): back off. */
			pf[0].fd = -1;
			if (poll(pf, 2, nap < left ? nap : left) > 0 && (pf[1].revents & POLLIN))
				return -1;
			if (nap < timeout_ms / 4 && nap < 250)
				nap *= 2;
			continue;
		}
		if (poll(pf, 2, left) <= 0)
			return -1;
		if (pf[1].revents & POLLIN && !(pf[0].revents & (POLLIN | POLLHUP)))
			return -1;
		n = read(l->in, l->buf, sizeof(l->buf));
		if (n == 0 || (n < 0 && errno != EINTR))
			return -2;
		if (n > 0) {
			l->len = n;
			l->pos = 0;
		}
	}
	return l->buf[l->pos++];
}

int link_write(struct link *l, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(l->out, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= w;
	}
	return 0;
}

int link_alive(struct link *l)
{
	struct stat st;
	return !l->files || stat(l->inpath, &st) == 0;
}
