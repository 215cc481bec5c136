/* vm_event monitor ring (see monitor.h). */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "monitor.h"

int monitor_open(struct monitor *m, struct guest *g)
{
	uint32_t rport;

	memset(m, 0, sizeof(*m));
	m->g = g;
	m->ring_page = xc_monitor_enable(g->xch, g->domid, &rport);
	if (!m->ring_page) {
		perror("xc_monitor_enable");
		return -1;
	}
	m->xce = xenevtchn_open(NULL, 0);
	if (!m->xce)
		return -1;
	int p = xenevtchn_bind_interdomain(m->xce, g->domid, rport);
	if (p < 0) {
		perror("bind vm_event channel");
		return -1;
	}
	m->port = p;
	SHARED_RING_INIT((vm_event_sring_t *)m->ring_page);
	BACK_RING_INIT(&m->ring, (vm_event_sring_t *)m->ring_page, XC_PAGE_SIZE);
	/* The guest's own #BP handler asks us (synchronous: it waits). */
	if (xc_monitor_guest_request(g->xch, g->domid, 1, 1, 0) < 0) {
		perror("xc_monitor_guest_request");
		return -1;
	}
	/* #DB after a TF single step; synchronous, so the vCPU waits for us. */
	if (xc_monitor_debug_exceptions(g->xch, g->domid, 1, 1) < 0) {
		perror("xc_monitor_debug_exceptions");
		return -1;
	}
	return 0;
}

void monitor_close(struct monitor *m)
{
	xc_monitor_debug_exceptions(m->g->xch, m->g->domid, 0, 0);
	xc_monitor_guest_request(m->g->xch, m->g->domid, 0, 0, 0);
	xc_monitor_disable(m->g->xch, m->g->domid);
	if (m->ring_page)
		munmap(m->ring_page, XC_PAGE_SIZE);
	if (m->xce)
		xenevtchn_close(m->xce);
}

int monitor_fd(struct monitor *m)
{
	return xenevtchn_fd(m->xce);
}

int monitor_take(struct monitor *m, struct held *held)
{
	struct pollfd pf = {.fd = xenevtchn_fd(m->xce), .events = POLLIN};
	int n = 0;

	/* xenevtchn_pending blocks when nothing is pending. */
	if (poll(&pf, 1, 0) > 0) {
		int port = xenevtchn_pending(m->xce);
		if (port >= 0)
			xenevtchn_unmask(m->xce, port);
	}
	while (RING_HAS_UNCONSUMED_REQUESTS(&m->ring)) {
		vm_event_request_t req;
		RING_IDX c = m->ring.req_cons;

		memcpy(&req, RING_GET_REQUEST(&m->ring, c), sizeof(req));
		m->ring.req_cons = ++c;
		m->ring.sring->req_event = c + 1;
		if (req.vcpu_id >= m->g->nvcpus)
			continue;
		held[req.vcpu_id] = (struct held){.held = 1, .req = req};
		n++;
	}
	return n;
}

void monitor_release(struct monitor *m, struct held *h)
{
	vm_event_response_t rsp;
	RING_IDX p = m->ring.rsp_prod_pvt;

	if (!h->held)
		return;
	memset(&rsp, 0, sizeof(rsp));
	rsp.version = VM_EVENT_INTERFACE_VERSION;
	rsp.vcpu_id = h->req.vcpu_id;
	rsp.reason = h->req.reason;
	rsp.flags = h->req.flags & VM_EVENT_FLAG_VCPU_PAUSED;
	if (h->set_regs) {
		rsp.flags |= VM_EVENT_FLAG_SET_REGISTERS;
		rsp.data.regs.x86 = h->req.data.regs.x86;
	}
	memcpy(RING_GET_RESPONSE(&m->ring, p), &rsp, sizeof(rsp));
	m->ring.rsp_prod_pvt = ++p;
	RING_PUSH_RESPONSES(&m->ring);
	xenevtchn_notify(m->xce, m->port);
	h->held = 0;
	h->set_regs = 0;
	h->frame = 0;
	h->own_int3 = 0;
}
