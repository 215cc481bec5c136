/* xen-gdbstub: debug a Xen HVM/PVH domain from dom0.
 *
 *   xen-gdbstub DOMID              gdb remote protocol on stdin/stdout
 *                                  (gdb -ex 'target remote | xen-gdbstub 5')
 *   xen-gdbstub -io DIR DOMID      the same over DIR/in and DIR/out, files that
 *                                  grow (the harness's 9p spool; see scripts/xen-gdb)
 *   xen-gdbstub -core FILE DOMID   write an ELF core of the domain (live or
 *                                  crashed and preserved) that gdb opens
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rsp.h"

static int usage(void)
{
	fprintf(stderr, "usage: xen-gdbstub [-io DIR | -core FILE] DOMID\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct guest g;
	struct link l;
	const char *io = NULL, *core = NULL;

	if (argc == 4 && !strcmp(argv[1], "-io"))
		io = argv[2];
	else if (argc == 4 && !strcmp(argv[1], "-core"))
		core = argv[2];
	else if (argc != 2)
		return usage();
	if (guest_open(&g, strtoul(argv[argc - 1], NULL, 10)) < 0) {
		perror("xen-gdbstub: domain");
		return 1;
	}
	if (core) {
		if (guest_write_core(&g, core) < 0) {
			perror("xen-gdbstub: core");
			return 1;
		}
		return 0;
	}
	if (io) {
		if (link_open_files(&l, io) < 0) {
			perror("xen-gdbstub: link");
			return 1;
		}
	} else
		link_open_stdio(&l);
	return rsp_serve(&g, &l) < 0 ? 1 : 0;
}
