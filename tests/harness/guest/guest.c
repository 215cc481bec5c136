/*
 * A tiny PVH guest for the harness self-test (32-bit, paging off, no libc).
 *
 * It writes to the PV console ring (what `xl console` shows and what the Go runtime will use),
 * then acts on its first argument, using the harness's command-line and exit-status protocols:
 *   cmdline: "argv0:NAME env:K=V ... [stdin:eof] -- ARG1 ARG2 ..." (tokens percent-encoded)
 *   exit:    "\0go-xen-exit:N\n" on the console, then SCHEDOP_shutdown.
 * Commands (ARG1): exit N | panic | crash | poweroff | reboot | hang | spam N | echo
 */

typedef unsigned int u32;
typedef unsigned long long u64;

#define HC_console_io 18
#define HC_sched_op 29
#define HC_event_channel_op 32
#define HC_hvm_op 34
#define SCHEDOP_shutdown 2
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_crash 3
#define EVTCHNOP_send 4
#define HVMOP_get_param 1
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define CONSOLEIO_write 0
#define DOMID_SELF 0x7ff0

static char hypercall_page[4096] __attribute__((aligned(4096)));

struct hvm_start_info {
	u32 magic, version, flags, nr_modules;
	u64 modlist_paddr, cmdline_paddr, rsdp_paddr;
};

struct xencons_interface {
	char in[1024];
	char out[2048];
	volatile u32 in_cons, in_prod;
	volatile u32 out_cons, out_prod;
};

static struct xencons_interface *cons;
static u32 cons_port;

static long hypercall(int nr, u32 a1, u32 a2, u32 a3)
{
	long ret;
	void *fn = hypercall_page + nr * 32;
	__asm__ volatile("call *%%eax"
			 : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3)
			 : "0"(fn)
			 : "memory", "esi", "edi");
	return ret;
}

static void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf), "2"(0));
}

/* Finds Xen's CPUID leaves and installs the hypercall page. */
static int init_hypercalls(void)
{
	u32 base, a, b, c, d;
	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		cpuid(base, &a, &b, &c, &d);
		if (b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e) { /* "XenVMMXenVMM" */
			cpuid(base + 2, &a, &b, &c, &d);
			__asm__ volatile("wrmsr" ::"c"(b), "a"((u32)hypercall_page), "d"(0) : "memory");
			return 0;
		}
	}
	return -1;
}

static u64 get_param(u32 index)
{
	struct { unsigned short domid; u32 index; u64 value; } p = { DOMID_SELF, index, 0 };
	if (hypercall(HC_hvm_op, HVMOP_get_param, (u32)&p, 0) != 0)
		return 0;
	return p.value;
}

static void notify(void)
{
	u32 port = cons_port;
	hypercall(HC_event_channel_op, EVTCHNOP_send, (u32)&port, 0);
}

static void putbytes(const char *s, u32 n)
{
	u32 i;
	if (!cons) { /* no ring: Xen's own log (visible with guest_loglvl=all) */
		hypercall(HC_console_io, CONSOLEIO_write, n, (u32)s);
		return;
	}
	for (i = 0; i < n; i++) {
		while (cons->out_prod - cons->out_cons >= sizeof cons->out) {
			notify();
			__asm__ volatile("pause" ::: "memory");
		}
		cons->out[cons->out_prod & (sizeof cons->out - 1)] = s[i];
		__asm__ volatile("" ::: "memory"); /* x86 keeps stores in order */
		cons->out_prod++;
	}
	notify();
}

static u32 slen(const char *s) { u32 n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { putbytes(s, slen(s)); }
static int streq(const char *a, const char *b) { while (*a && *a == *b) a++, b++; return *a == *b; }

static void putu(u32 v)
{
	char buf[12];
	int i = sizeof buf;
	do buf[--i] = '0' + v % 10; while (v /= 10);
	putbytes(buf + i, sizeof buf - i);
}

static u32 atou(const char *s) { u32 v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }

static void shutdown(u32 reason)
{
	u32 r = reason;
	hypercall(HC_sched_op, SCHEDOP_shutdown, (u32)&r, 0);
	for (;;) __asm__ volatile("pause");
}

static void exit_(u32 code)
{
	putbytes("\0go-xen-exit:", 13);
	putu(code);
	puts_("\n");
	shutdown(SHUTDOWN_poweroff);
}

static int hex(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

/* Decodes one percent-encoded token in place ("''" is the empty string). */
static char *decode(char *t)
{
	char *r = t, *w = t;
	if (streq(t, "''")) { *t = 0; return t; }
	while (*r) {
		if (r[0] == '%' && r[1] && r[2]) { *w++ = hex(r[1]) * 16 + hex(r[2]); r += 3; }
		else *w++ = *r++;
	}
	*w = 0;
	return t;
}

static char cmdline[4096];
static char *argv[64];
static char *envv[64];
static char *argv0 = "";

void guest_main(struct hvm_start_info *si)
{
	int argc = 0, envc = 0, i, seen_dashes = 0;
	char *p;

	if (init_hypercalls() != 0)
		for (;;) __asm__ volatile("hlt");
	u32 pfn = (u32)get_param(HVM_PARAM_CONSOLE_PFN);
	cons_port = (u32)get_param(HVM_PARAM_CONSOLE_EVTCHN);
	if (pfn)
		cons = (struct xencons_interface *)(pfn << 12);

	puts_("hello from the PVH test guest\n");
	if (si->magic != 0x336ec578) { puts_("bad start_info magic\n"); exit_(3); }

	/* Copy and split the command line on spaces. */
	if (si->cmdline_paddr) {
		const char *c = (const char *)(u32)si->cmdline_paddr;
		for (i = 0; c[i] && i < (int)sizeof cmdline - 1; i++) cmdline[i] = c[i];
	}
	puts_("cmdline: ");
	puts_(cmdline);
	puts_("\n");
	for (p = cmdline; *p;) {
		char *t;
		while (*p == ' ') p++;
		if (!*p) break;
		t = p;
		while (*p && *p != ' ') p++;
		if (*p) *p++ = 0;
		if (!seen_dashes && streq(t, "--")) seen_dashes = 1;
		else if (!seen_dashes && streq(t, "stdin:eof")) continue; /* no console input here */
		else if (!seen_dashes && t[0] == 'a' && t[1] == 'r' && t[2] == 'g' && t[3] == 'v' && t[4] == '0' && t[5] == ':') argv0 = decode(t + 6);
		else if (!seen_dashes && t[0] == 'e' && t[1] == 'n' && t[2] == 'v' && t[3] == ':') { if (envc < 64) envv[envc++] = decode(t + 4); }
		else if (argc < 64) argv[argc++] = decode(t);
	}
	if (argc == 0) exit_(0);

	if (streq(argv[0], "exit")) {
		exit_(argc > 1 ? atou(argv[1]) : 0);
	} else if (streq(argv[0], "echo")) {
		puts_("argv0 <"); puts_(argv0); puts_(">\n");
		for (i = 0; i < envc; i++) { puts_("env <"); puts_(envv[i]); puts_(">\n"); }
		for (i = 1; i < argc; i++) { puts_("arg <"); puts_(argv[i]); puts_(">\n"); }
		exit_(0);
	} else if (streq(argv[0], "spam")) {
		u32 n = argc > 1 ? atou(argv[1]) : 1000, k;
		for (k = 1; k <= n; k++) { puts_("spam line "); putu(k); puts_(" 0123456789abcdefghijklmnopqrstuvwxyz\n"); }
		exit_(0);
	} else if (streq(argv[0], "panic")) {
		puts_("panic: test panic\n\ngoroutine 1 [running]:\nmain.main()\n");
		putbytes("\0go-xen-exit:2\n", 15);
		shutdown(SHUTDOWN_crash);
	} else if (streq(argv[0], "crash")) {
		puts_("crashing without exit status\n");
		shutdown(SHUTDOWN_crash);
	} else if (streq(argv[0], "poweroff")) {
		puts_("powering off without exit status\n");
		shutdown(SHUTDOWN_poweroff);
	} else if (streq(argv[0], "reboot")) {
		struct { unsigned short limit; u32 base; } __attribute__((packed)) idt = { 0, 0 };
		puts_("triple fault\n");
		__asm__ volatile("lidt %0; int3" ::"m"(idt));
	} else if (streq(argv[0], "hang")) {
		puts_("hanging\n");
		for (;;) __asm__ volatile("pause");
	}
	puts_("unknown command\n");
	exit_(3);
}
