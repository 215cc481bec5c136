/* Breakpoint and single-step events through Xen's vm_event monitor ring:
 * Debian's Xen has no gdbsx (CONFIG_GDBSX needs a debug build), but the
 * monitor reports an HVM guest's #DB (a TF step) and the "guest requests"
 * with which a Go guest hands over the #BP of an INT3 (the runtime's
 * debug_xen.go), and holds the vCPU until we answer. */
#ifndef XENDEBUG_MONITOR_H
#define XENDEBUG_MONITOR_H

#include "guest.h" /* xenctrl.h first: it sets up the public headers */
#include <xenevtchn.h>
#include <xen/vm_event.h>

struct monitor {
	struct guest *g;
	xenevtchn_handle *xce;
	evtchn_port_t port;
	void *ring_page;
	vm_event_back_ring_t ring;
};

/* The Go runtime's xenTrapFrame: ax bx cx dx si di bp r8-r15, vector,
 * errcode, rip cs rflags rsp ss. */
enum { TF_VECTOR = 15, TF_RIP = 17, TF_RFLAGS = 19, TF_RSP = 20, TF_WORDS = 22 };
#define GO_DEBUG_MAGIC 0x6762642d6e65782dULL
#define GO_DEBUG_TAKEN 0x100 /* in the frame's vector: the guest resumes with the frame */

/* A vCPU held by an event until we answer it. */
struct held {
	int held;
	vm_event_request_t req;
	int set_regs; /* answer with req.data.regs.x86 as its new registers */
	/* A #BP the guest handed over: its registers are in its trap frame at
	 * frame_addr, written back before the answer. */
	int frame, own_int3;
	uint64_t frame_addr, f[TF_WORDS];
};

int monitor_open(struct monitor *m, struct guest *g);
void monitor_close(struct monitor *m);
int monitor_fd(struct monitor *m);
/* monitor_take moves pending requests into held[vcpu]; returns how many. */
int monitor_take(struct monitor *m, struct held *held);
/* monitor_release answers held[vcpu], letting that vCPU run again. */
void monitor_release(struct monitor *m, struct held *h);

#endif
