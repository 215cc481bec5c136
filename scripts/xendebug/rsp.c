/* A gdb remote-protocol server for one Xen HVM/PVH domain: all-stop, one
 * gdb thread per vCPU, software breakpoints and single steps through the
 * vm_event monitor (monitor.c), memory through the guest's page tables. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rsp.h"

/* Breakpoints are INT3s in the guest's code, whose #BP the Go guest takes
 * and hands over (a guest request event with its trap frame: the runtime's
 * debug_xen.go). Xen could intercept INT3 itself (a software-breakpoint
 * event), but not under QEMU's TCG, whose SVM emulation takes INT3 for a
 * software interrupt; the guest's way works on both. Nor do the debug
 * registers work there: QEMU before 9.1 does not arm them at VMRUN. A step
 * is TF, whose #DB Xen intercepts. */
#define MAXBP 256
#define TF 0x100
#define IF 0x200

static volatile sig_atomic_t quit;

struct server {
	struct guest *g;
	struct monitor m;
	struct link *l;
	struct held *held;
	/* Registers gdb wrote to a vCPU no event holds (runtime-gdb.py's
	 * "goroutine N bt" moves $pc and $sp and puts them back): kept here,
	 * given to the vCPU at resume only if they differ. */
	struct regs *ovl;
	int *ovl_valid;
	int noack, paused, gthread, cthread, step_vcpu, step_if, gone;
	char stop[64];
	struct {
		uint64_t addr;
		uint8_t orig;
	} bp[MAXBP];
	int nbp;
};

static const char hexd[] = "0123456789abcdef";

static void put_packet(struct server *s, const char *data)
{
	size_t n = strlen(data), i;
	unsigned sum = 0;
	char *p = malloc(n + 5);

	for (i = 0; i < n; i++)
		sum += (unsigned char)data[i];
	p[0] = '$';
	memcpy(p + 1, data, n);
	p[n + 1] = '#';
	p[n + 2] = hexd[(sum >> 4) & 15];
	p[n + 3] = hexd[sum & 15];
	link_write(s->l, p, n + 4);
	free(p);
}

/* get_packet reads one packet into buf; returns its length, -1 on an
 * interrupt (0x03) and -2 when gdb is gone. */
static int get_packet(struct server *s, char *buf, size_t cap)
{
	int c;
	size_t n;

	for (;;) {
		do {
			c = link_getc(s->l, 1000, -1);
			if (c == -2 || quit || (c == -1 && !link_alive(s->l)))
				return -2;
			if (c == 3)
				return -1;
		} while (c != '$');
		n = 0;
		while ((c = link_getc(s->l, 10000, -1)) != '#') {
			if (c < 0)
				return -2;
			if (n + 1 < cap)
				buf[n++] = c;
		}
		buf[n] = 0;
		link_getc(s->l, 10000, -1);
		link_getc(s->l, 10000, -1); /* the checksum: the link does not lose bytes */
		if (!s->noack)
			link_write(s->l, "+", 1);
		return n;
	}
}

static void tohex(char *out, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n--) {
		*out++ = hexd[*b >> 4];
		*out++ = hexd[*b++ & 15];
	}
	*out = 0;
}

static int fromhex(uint8_t *out, const char *h, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = v;
	}
	return 0;
}

static int vcpu_of(struct server *s, int thread)
{
	int v = thread > 0 ? thread - 1 : 0;
	return v < (int)s->g->nvcpus ? v : 0;
}

/* The registers of a vCPU; a held one's general registers are those of its
 * event, which we may have changed (they go back with the answer). */
static int regs_of(struct server *s, unsigned v, struct regs *r)
{
	if (guest_regs(s->g, v, r) < 0)
		return -1;
	if (s->held[v].held && s->held[v].frame) {
		const uint64_t *f = s->held[v].f;
		uint64_t gpr[17] = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[TF_RSP],
				    f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[TF_RIP]};
		memcpy(r->gpr, gpr, sizeof(gpr));
		r->eflags = f[TF_RFLAGS];
	} else if (s->held[v].held) {
		struct vm_event_regs_x86 *x = &s->held[v].req.data.regs.x86;
		uint64_t gpr[17] = {x->rax, x->rbx, x->rcx, x->rdx, x->rsi, x->rdi, x->rbp, x->rsp,
				    x->r8, x->r9, x->r10, x->r11, x->r12, x->r13, x->r14, x->r15, x->rip};
		memcpy(r->gpr, gpr, sizeof(gpr));
		r->eflags = x->rflags;
		r->cr3 = x->cr3;
	} else if (s->ovl_valid[v])
		*r = s->ovl[v];
	return 0;
}

static int set_reg(struct server *s, unsigned v, unsigned n, uint64_t val)
{
	struct vm_event_regs_x86 *x = &s->held[v].req.data.regs.x86;
	uint64_t *slot[18] = {&x->rax, &x->rbx, &x->rcx, &x->rdx, &x->rsi, &x->rdi, &x->rbp, &x->rsp,
			      &x->r8, &x->r9, &x->r10, &x->r11, &x->r12, &x->r13, &x->r14, &x->r15,
			      &x->rip, &x->rflags};

	static const int fslot[18] = {0, 1, 2, 3, 4, 5, 6, TF_RSP, 7, 8, 9, 10, 11, 12, 13, 14,
				      TF_RIP, TF_RFLAGS};

	if (n >= 18)
		return 0; /* selectors and FPU: ignored */
	if (!s->held[v].held) {
		if (!s->ovl_valid[v] && guest_regs(s->g, v, &s->ovl[v]) < 0)
			return -1;
		s->ovl_valid[v] = 1;
		if (n == 17)
			s->ovl[v].eflags = val;
		else
			s->ovl[v].gpr[n] = val;
		return 0;
	}
	if (s->held[v].frame) {
		s->held[v].f[fslot[n]] = n == 17 ? (uint32_t)val : val;
		return 0;
	}
	*slot[n] = n == 17 ? (uint32_t)val : val;
	s->held[v].set_regs = 1;
	return 0;
}

/* gdb's amd64 'g' layout: 16 GPRs, rip, eflags, 6 selectors, 8 x87
 * registers, 8 x87 control words, 16 xmm, mxcsr. */
static size_t gbytes(const struct regs *r, uint8_t *b)
{
	size_t o = 0;
	int i;
#define PUT(p, n) (memcpy(b + o, (p), (n)), o += (n))
	PUT(r->gpr, 17 * 8);
	PUT(&r->eflags, 4);
	PUT(r->seg, 24);
	for (i = 0; i < 8; i++)
		PUT(r->fxsave + 32 + 16 * i, 10);
	uint32_t ctl[8] = {
		*(uint16_t *)(r->fxsave + 0), *(uint16_t *)(r->fxsave + 2), r->fxsave[4],
		*(uint16_t *)(r->fxsave + 12), *(uint32_t *)(r->fxsave + 8),
		*(uint16_t *)(r->fxsave + 20), *(uint32_t *)(r->fxsave + 16),
		*(uint16_t *)(r->fxsave + 6),
	};
	PUT(ctl, sizeof(ctl));
	PUT(r->fxsave + 160, 256);
	PUT(r->fxsave + 24, 4);
#undef PUT
	return o;
}

static void reply_regs(struct server *s)
{
	struct regs r;
	uint8_t b[600];
	char out[1300];

	if (regs_of(s, vcpu_of(s, s->gthread), &r) < 0) {
		put_packet(s, "E01");
		return;
	}
	tohex(out, b, gbytes(&r, b));
	put_packet(s, out);
}

static void reply_reg(struct server *s, unsigned n)
{
	/* byte offset and size of register n in the 'g' layout */
	static const uint8_t size[] = {8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 4,
				       4, 4, 4, 4, 4, 4, 10, 10, 10, 10, 10, 10, 10, 10,
				       4, 4, 4, 4, 4, 4, 4, 4, 16, 16, 16, 16, 16, 16, 16, 16,
				       16, 16, 16, 16, 16, 16, 16, 16, 4};
	struct regs r;
	uint8_t b[600];
	char out[64];
	size_t o = 0, i;

	if (n >= sizeof(size) || regs_of(s, vcpu_of(s, s->gthread), &r) < 0) {
		put_packet(s, "E01");
		return;
	}
	gbytes(&r, b);
	for (i = 0; i < n; i++)
		o += size[i];
	tohex(out, b + o, size[n]);
	put_packet(s, out);
}

static uint64_t cr3_of(struct server *s)
{
	struct regs r;
	return regs_of(s, vcpu_of(s, s->gthread), &r) < 0 ? 0 : r.cr3;
}

static void mask_bps(struct server *s, uint64_t addr, char *hex, size_t n);

static void read_mem(struct server *s, uint64_t addr, size_t len)
{
	uint8_t b[2048];
	char out[4097];
	size_t n = len > sizeof(b) ? sizeof(b) : len;

	/* gdb asks past the end of a mapping at times: give what exists. */
	while (n > 0 && guest_read(s->g, cr3_of(s), addr, b, n) < 0)
		n = n > 1 ? n / 2 : 0;
	if (n == 0) {
		put_packet(s, "E14");
		return;
	}
	tohex(out, b, n);
	mask_bps(s, addr, out, n);
	put_packet(s, out);
}

static int find_bp(struct server *s, uint64_t addr)
{
	int i;
	for (i = 0; i < s->nbp; i++)
		if (s->bp[i].addr == addr)
			return i;
	return -1;
}

static int insert_bp(struct server *s, uint64_t addr)
{
	uint8_t int3 = 0xcc;

	if (find_bp(s, addr) >= 0)
		return 0;
	if (s->nbp == MAXBP || guest_read(s->g, cr3_of(s), addr, &s->bp[s->nbp].orig, 1) < 0 ||
	    guest_write(s->g, cr3_of(s), addr, &int3, 1) < 0)
		return -1;
	s->bp[s->nbp++].addr = addr;
	return 0;
}

static int remove_bp(struct server *s, uint64_t addr)
{
	int i = find_bp(s, addr);

	if (i < 0)
		return 0;
	if (guest_write(s->g, cr3_of(s), addr, &s->bp[i].orig, 1) < 0)
		return -1;
	s->bp[i] = s->bp[--s->nbp];
	return 0;
}

/* mask_bps hides our INT3s from gdb's reads of memory. */
static void mask_bps(struct server *s, uint64_t addr, char *hex, size_t n)
{
	int i;
	for (i = 0; i < s->nbp; i++)
		if (s->bp[i].addr >= addr && s->bp[i].addr < addr + n) {
			size_t k = s->bp[i].addr - addr;
			hex[2 * k] = hexd[s->bp[i].orig >> 4];
			hex[2 * k + 1] = hexd[s->bp[i].orig & 15];
		}
}

static void pause_guest(struct server *s)
{
	if (!s->paused && xc_domain_pause(s->g->xch, s->g->domid) == 0)
		s->paused = 1;
}

static void unpause_guest(struct server *s)
{
	if (s->paused && xc_domain_unpause(s->g->xch, s->g->domid) == 0)
		s->paused = 0;
}

static void release_all(struct server *s)
{
	unsigned v;
	for (v = 0; v < s->g->nvcpus; v++) {
		struct held *h = &s->held[v];
		struct regs now;
		if (s->ovl_valid[v] && guest_regs(s->g, v, &now) == 0 &&
		    (memcmp(now.gpr, s->ovl[v].gpr, sizeof(now.gpr)) || now.eflags != s->ovl[v].eflags) &&
		    guest_set_regs(s->g, v, &s->ovl[v]) < 0)
			perror("xen-gdbstub: set registers");
		s->ovl_valid[v] = 0;
		if (h->held && h->frame &&
		    guest_write(s->g, h->req.data.regs.x86.cr3, h->frame_addr, h->f, sizeof(h->f)) < 0)
			perror("xen-gdbstub: write back a trap frame");
		monitor_release(&s->m, h);
	}
}

/* take_events collects held vCPUs. A guest's own #BP becomes a stop at its
 * INT3, with the registers of its trap frame; other guest requests go on. */
static int take_events(struct server *s)
{
	unsigned v;
	int n = 0;

	if (monitor_take(&s->m, s->held) == 0)
		return 0;
	for (v = 0; v < s->g->nvcpus; v++) {
		struct held *h = &s->held[v];
		struct vm_event_regs_x86 *x = &h->req.data.regs.x86;
		if (!h->held || h->req.reason != VM_EVENT_REASON_GUEST_REQUEST) {
			n += h->held;
			continue;
		}
		if (x->r10 != GO_DEBUG_MAGIC || guest_read(s->g, x->cr3, x->rdx, h->f, sizeof(h->f)) < 0) {
			monitor_release(&s->m, h);
			continue;
		}
		h->frame = 1;
		h->frame_addr = x->rdx;
		h->f[TF_VECTOR] = GO_DEBUG_TAKEN;
		/* Back onto our INT3, to run what it hides once gdb removes it; the
		 * program's own INT3 (runtime.Breakpoint) is passed, as gdb does on Linux. */
		if (find_bp(s, h->f[TF_RIP] - 1) >= 0)
			h->f[TF_RIP]--;
		else
			h->own_int3 = 1;
		n++;
	}
	return n;
}

/* ended: 0 while the domain runs, else its stop reply is in s->stop. */
static int ended(struct server *s)
{
	xc_domaininfo_t info;

	if (guest_info(s->g, &info) < 0 || (info.flags & XEN_DOMINF_dying)) {
		strcpy(s->stop, "X09");
		return 1;
	}
	if (!(info.flags & XEN_DOMINF_shutdown))
		return 0;
	switch ((info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) {
	case SHUTDOWN_crash: /* keep it inspectable: a stop on SIGSEGV */
		snprintf(s->stop, sizeof(s->stop), "T0bthread:%x;", 1);
		s->gthread = 1;
		return 2;
	default:
		strcpy(s->stop, "W00");
		return 1;
	}
}

static int is_step(const struct held *h)
{
	return h->req.reason == VM_EVENT_REASON_DEBUG_EXCEPTION;
}

/* run lets the guest go until an event, an interrupt or its end. */
static int run(struct server *s, int step_thread)
{
	unsigned v;

	if (s->gone) {
		/* A crashed domain, continued: it ends there, as a process killed by its fault. */
		if (s->stop[0] == 'T')
			strcpy(s->stop, "X0b");
		put_packet(s, s->stop);
		return 0;
	}
	s->step_vcpu = -1;
	if (step_thread >= 0) {
		v = vcpu_of(s, step_thread);
		if (!s->held[v].held) {
			put_packet(s, "E01"); /* no way to set TF outside an event */
			return 0;
		}
		/* Step with interrupts masked: else the step ends in the event
		 * upcall, and a thread switch there saves TF in another M's flags. */
		uint64_t *fl = s->held[v].frame ? &s->held[v].f[TF_RFLAGS] : &s->held[v].req.data.regs.x86.rflags;
		s->step_if = *fl & IF;
		*fl = (*fl | TF) & ~(uint64_t)IF; /* for a frame, iret loads them */
		s->held[v].set_regs = !s->held[v].frame;
		s->step_vcpu = v;
	}
	release_all(s);
	unpause_guest(s);
	for (;;) {
		int c = link_getc(s->l, 1000, monitor_fd(&s->m));
		if (quit)
			return -1;
		if (c == 3) {
			pause_guest(s);
			snprintf(s->stop, sizeof(s->stop), "T02thread:%x;", vcpu_of(s, s->gthread) + 1);
			break;
		}
		if (c == -2 || !link_alive(s->l))
			return -1;
		if (take_events(s) > 0) {
			int hit = -1;
			pause_guest(s);
			for (v = 0; v < s->g->nvcpus; v++) {
				struct held *h = &s->held[v];
				if (!h->held)
					continue;
				if (is_step(h) && (int)v == s->step_vcpu) {
					h->req.data.regs.x86.rflags = (h->req.data.regs.x86.rflags & ~(uint64_t)TF) | s->step_if;
					h->set_regs = 1;
				}
				if (hit < 0 || (int)v == s->step_vcpu)
					hit = v;
			}
			s->gthread = s->cthread = hit + 1;
			snprintf(s->stop, sizeof(s->stop), "T05thread:%x;%s", hit + 1,
				 is_step(&s->held[hit]) || s->held[hit].own_int3 ? "" : "swbreak:;");
			break;
		}
		if (ended(s)) {
			s->gone = 1;
			break;
		}
	}
	put_packet(s, s->stop);
	return 0;
}

static void detach(struct server *s)
{
	while (s->nbp > 0)
		remove_bp(s, s->bp[s->nbp - 1].addr);
	release_all(s);
	monitor_close(&s->m);
	unpause_guest(s);
}

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

int rsp_serve(struct guest *g, struct link *l)
{
	static char pkt[16384];
	struct server s = {.g = g, .l = l, .gthread = 1, .cthread = 1, .step_vcpu = -1};
	xc_domaininfo_t info;
	char out[4200];

	s.held = calloc(g->nvcpus, sizeof(*s.held));
	s.ovl = calloc(g->nvcpus, sizeof(*s.ovl));
	s.ovl_valid = calloc(g->nvcpus, sizeof(*s.ovl_valid));
	if (monitor_open(&s.m, g) < 0) {
		fprintf(stderr, "xen-gdbstub: no vm_event monitor on domain %u (is another debugger on it?)\n",
			g->domid);
		return -1;
	}
	fprintf(stderr, "xen-gdbstub: serving domain %u\n", g->domid); /* xen-gdb waits for this */
	/* A domain created paused (xl create -p) stays so, and that pause is ours to lift. */
	if (guest_info(g, &info) == 0 && (info.flags & XEN_DOMINF_paused))
		s.paused = 1;
	else
		pause_guest(&s);
	strcpy(s.stop, "T05thread:1;");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	while (!quit) {
		uint64_t addr, len;
		unsigned n, t;
		int k = get_packet(&s, pkt, sizeof(pkt));

		if (k == -2)
			break;
		if (k == -1)
			continue; /* an interrupt while stopped */
		switch (pkt[0]) {
		case '?':
			put_packet(&s, s.stop);
			break;
		case 'g':
			reply_regs(&s);
			break;
		case 'G': {
			unsigned v = vcpu_of(&s, s.gthread);
			uint8_t b[18 * 8];
			int ok = strlen(pkt + 1) >= 2 * (17 * 8 + 4) && fromhex(b, pkt + 1, 17 * 8 + 4) == 0;
			for (n = 0; ok && n < 18; n++) {
				uint64_t val = 0;
				memcpy(&val, b + 8 * n, n == 17 ? 4 : 8);
				ok = set_reg(&s, v, n, val) == 0;
			}
			put_packet(&s, ok ? "OK" : "E01");
			break;
		}
		case 'p':
			reply_reg(&s, strtoul(pkt + 1, NULL, 16));
			break;
		case 'P': {
			char *eq = strchr(pkt, '=');
			uint8_t b[8] = {0};
			uint64_t val;
			n = strtoul(pkt + 1, NULL, 16);
			if (!eq || fromhex(b, eq + 1, strlen(eq + 1) / 2 > 8 ? 8 : strlen(eq + 1) / 2) < 0) {
				put_packet(&s, "E01");
				break;
			}
			memcpy(&val, b, 8);
			put_packet(&s, set_reg(&s, vcpu_of(&s, s.gthread), n, val) == 0 ? "OK" : "E01");
			break;
		}
		case 'm':
			if (sscanf(pkt + 1, "%lx,%lx", &addr, &len) != 2) {
				put_packet(&s, "E01");
				break;
			}
			read_mem(&s, addr, len);
			break;
		case 'M': {
			char *colon = strchr(pkt, ':');
			uint8_t b[4096];
			if (sscanf(pkt + 1, "%lx,%lx", &addr, &len) != 2 || !colon || len > sizeof(b) ||
			    fromhex(b, colon + 1, len) < 0 || guest_write(g, cr3_of(&s), addr, b, len) < 0)
				put_packet(&s, "E01");
			else
				put_packet(&s, "OK");
			break;
		}
		case 'Z':
		case 'z':
			if (pkt[1] != '0' || sscanf(pkt + 2, ",%lx", &addr) != 1) {
				put_packet(&s, "");
				break;
			}
			put_packet(&s, (pkt[0] == 'Z' ? insert_bp(&s, addr) : remove_bp(&s, addr)) == 0 ? "OK" : "E01");
			break;
		case 'c':
			if (run(&s, -1) < 0)
				quit = 1;
			break;
		case 's':
			if (run(&s, s.cthread > 0 ? s.cthread : s.gthread) < 0)
				quit = 1;
			break;
		case 'H':
			t = strtol(pkt + 2, NULL, 16);
			if (pkt[2] == '-' || t == 0)
				t = 1;
			if (pkt[1] == 'g')
				s.gthread = t;
			else
				s.cthread = t;
			put_packet(&s, "OK");
			break;
		case 'T':
			t = strtoul(pkt + 1, NULL, 16);
			put_packet(&s, t >= 1 && t <= g->nvcpus ? "OK" : "E01");
			break;
		case 'D':
			put_packet(&s, "OK");
			quit = 1;
			break;
		case 'k':
			quit = 1;
			break;
		case 'q':
		case 'Q':
			if (!strncmp(pkt, "qSupported", 10))
				put_packet(&s, "PacketSize=3fff;swbreak+;QStartNoAckMode+");
			else if (!strcmp(pkt, "QStartNoAckMode")) {
				put_packet(&s, "OK");
				s.noack = 1;
			} else if (!strcmp(pkt, "qfThreadInfo")) {
				int o = sprintf(out, "m");
				for (n = 0; n < g->nvcpus; n++)
					o += sprintf(out + o, "%s%x", n ? "," : "", n + 1);
				put_packet(&s, out);
			} else if (!strcmp(pkt, "qsThreadInfo"))
				put_packet(&s, "l");
			else if (!strcmp(pkt, "qC")) {
				sprintf(out, "QC%x", s.gthread);
				put_packet(&s, out);
			} else if (!strcmp(pkt, "qAttached"))
				put_packet(&s, "1");
			else if (!strncmp(pkt, "qThreadExtraInfo,", 17)) {
				char name[32];
				snprintf(name, sizeof(name), "vCPU %lu", strtoul(pkt + 17, NULL, 16) - 1);
				tohex(out, name, strlen(name));
				put_packet(&s, out);
			} else
				put_packet(&s, "");
			break;
		default:
			put_packet(&s, "");
		}
	}
	detach(&s);
	return 0;
}
