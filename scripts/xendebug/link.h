/* The byte stream to gdb: standard input and output (gdb's "target remote
 * | xen-gdbstub DOMID" on a real Xen host), or two files that grow, for
 * the harness, whose host and dom0 share only a 9p directory. */
#ifndef XENDEBUG_LINK_H
#define XENDEBUG_LINK_H

#include <stddef.h>

struct link {
	int in, out;
	int files; /* in is a file that the host appends to: EOF means "not yet" */
	char inpath[4096];
	unsigned char buf[4096];
	size_t len, pos;
};

int link_open_files(struct link *l, const char *dir);
void link_open_stdio(struct link *l);
/* link_getc returns a byte, -1 after timeout_ms without one, -2 when the
 * other side is gone. extra_fd, if >= 0, ends the wait early (returns -1). */
int link_getc(struct link *l, int timeout_ms, int extra_fd);
int link_write(struct link *l, const void *p, size_t n);
/* link_alive is false once the host removed the files' directory: the
 * session ended without a goodbye (xen-gdb killed). */
int link_alive(struct link *l);

#endif
