#ifndef XENDEBUG_RSP_H
#define XENDEBUG_RSP_H
#include "guest.h"
#include "link.h"
#include "monitor.h"
/* rsp_serve answers gdb on l until it detaches or goes; the domain is
 * left running, without our breakpoints. */
int rsp_serve(struct guest *g, struct link *l);
#endif
