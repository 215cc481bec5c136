/* Guest memory and registers (see guest.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "guest.h"

int guest_open(struct guest *g, uint32_t domid)
{
	xc_domaininfo_t info;

	memset(g, 0, sizeof(*g));
	g->domid = domid;
	g->xch = xc_interface_open(NULL, NULL, 0);
	g->fmem = xenforeignmemory_open(NULL, 0);
	if (!g->xch || !g->fmem)
		return -1;
	if (guest_info(g, &info) < 0)
		return -1;
	g->nvcpus = info.max_vcpu_id + 1;
	/* PVH RAM starts at 0; the few pages the toolstack adds lie far above. */
	g->ram_pages = (info.max_pages > info.tot_pages ? info.max_pages : info.tot_pages) + 1024;
	return 0;
}

int guest_info(struct guest *g, xc_domaininfo_t *info)
{
	if (xc_domain_getinfolist(g->xch, g->domid, 1, info) != 1 || info->domain != g->domid) {
		errno = ESRCH;
		return -1;
	}
	return 0;
}

int guest_regs(struct guest *g, unsigned vcpu, struct regs *r)
{
	vcpu_guest_context_any_t c;
	struct vcpu_guest_context_x86_64 *x;

	if (xc_vcpu_getcontext(g->xch, g->domid, vcpu, &c) < 0)
		return -1;
	x = &c.x64;
	uint64_t gpr[17] = {
		x->user_regs.rax, x->user_regs.rbx, x->user_regs.rcx, x->user_regs.rdx,
		x->user_regs.rsi, x->user_regs.rdi, x->user_regs.rbp, x->user_regs.rsp,
		x->user_regs.r8, x->user_regs.r9, x->user_regs.r10, x->user_regs.r11,
		x->user_regs.r12, x->user_regs.r13, x->user_regs.r14, x->user_regs.r15,
		x->user_regs.rip,
	};
	memcpy(r->gpr, gpr, sizeof(gpr));
	r->eflags = x->user_regs.rflags;
	r->seg[0] = x->user_regs.cs;
	r->seg[1] = x->user_regs.ss;
	r->seg[2] = x->user_regs.ds;
	r->seg[3] = x->user_regs.es;
	r->seg[4] = x->user_regs.fs;
	r->seg[5] = x->user_regs.gs;
	r->cr3 = x->ctrlreg[3];
	r->fs_base = x->fs_base;
	r->gs_base = x->gs_base_kernel;
	memcpy(r->fxsave, &x->fpu_ctxt, sizeof(r->fxsave));
	return 0;
}

/* A small cache of mapped guest frames: gdb reads the same pages often. */
#define NCACHE 64
static struct centry {
	struct guest *g;
	uint64_t gfn;
	uint8_t *p;
} cache[NCACHE];

static uint8_t *frame(struct guest *g, uint64_t gfn)
{
	struct centry *e = &cache[gfn % NCACHE];
	xen_pfn_t pfn = gfn;
	int err = 0;

	if (e->p && e->g == g && e->gfn == gfn)
		return e->p;
	if (e->p)
		xenforeignmemory_unmap(e->g->fmem, e->p, 1);
	e->p = xenforeignmemory_map(g->fmem, g->domid, PROT_READ | PROT_WRITE, 1, &pfn, &err);
	if (e->p && err) {
		xenforeignmemory_unmap(g->fmem, e->p, 1);
		/* a frame dom0 may only read (writes to it then fault: EFAULT is better) */
		e->p = xenforeignmemory_map(g->fmem, g->domid, PROT_READ, 1, &pfn, &err);
		if (e->p && err) {
			xenforeignmemory_unmap(g->fmem, e->p, 1);
			e->p = NULL;
		}
	}
	e->g = g;
	e->gfn = gfn;
	return e->p;
}

#define PTE_P 1ULL
#define PTE_PS (1ULL << 7)
#define PTE_ADDR 0x000ffffffffff000ULL

static int read_pte(struct guest *g, uint64_t table, unsigned i, uint64_t *pte)
{
	uint8_t *p = frame(g, table >> 12);

	if (!p)
		return -1;
	memcpy(pte, p + 8 * i, 8);
	return 0;
}

/* translate returns the guest-physical address of va, or -1. */
static int64_t translate(struct guest *g, uint64_t cr3, uint64_t va)
{
	uint64_t table = cr3 & PTE_ADDR, pte;
	int level;

	if (!cr3)
		return va;
	for (level = 3; level >= 0; level--) {
		unsigned shift = 12 + 9 * level;
		if (read_pte(g, table, (va >> shift) & 511, &pte) < 0 || !(pte & PTE_P))
			return -1;
		if (level == 0 || ((pte & PTE_PS) && level <= 2)) {
			uint64_t mask = (1ULL << shift) - 1;
			return (int64_t)(((pte & PTE_ADDR) & ~mask) | (va & mask));
		}
		table = pte & PTE_ADDR;
	}
	return -1;
}

static int access_mem(struct guest *g, uint64_t cr3, uint64_t va, uint8_t *buf, size_t n, int write)
{
	while (n > 0) {
		int64_t pa = translate(g, cr3, va);
		size_t off = va & (GPAGE - 1), chunk = GPAGE - off;
		uint8_t *p;

		if (chunk > n)
			chunk = n;
		if (pa < 0 || !(p = frame(g, (uint64_t)pa >> 12))) {
			errno = EFAULT;
			return -1;
		}
		if (write)
			memcpy(p + off, buf, chunk);
		else
			memcpy(buf, p + off, chunk);
		va += chunk;
		buf += chunk;
		n -= chunk;
	}
	return 0;
}

int guest_read(struct guest *g, uint64_t cr3, uint64_t va, void *buf, size_t n)
{
	return access_mem(g, cr3, va, buf, n, 0);
}

int guest_write(struct guest *g, uint64_t cr3, uint64_t va, const void *buf, size_t n)
{
	return access_mem(g, cr3, va, (uint8_t *)buf, n, 1);
}

static int walk(struct guest *g, uint64_t table, int level, uint64_t base, leaf_fn fn, void *arg)
{
	unsigned i, shift = 12 + 9 * level;
	uint64_t ptes[512];
	uint8_t *p = frame(g, table >> 12);

	if (!p)
		return -1;
	memcpy(ptes, p, sizeof(ptes)); /* the cache may evict p while we recurse */
	for (i = 0; i < 512; i++) {
		uint64_t pte = ptes[i], va = base + ((uint64_t)i << shift);
		if (level == 3 && i >= 256)
			va |= 0xffff000000000000ULL; /* canonical upper half */
		if (!(pte & PTE_P))
			continue;
		if (level == 0 || ((pte & PTE_PS) && level <= 2))
			fn(arg, va, (pte & PTE_ADDR) & ~((1ULL << shift) - 1), 1ULL << shift);
		else if (walk(g, pte & PTE_ADDR, level - 1, va, fn, arg) < 0)
			return -1;
	}
	return 0;
}

int guest_walk(struct guest *g, uint64_t cr3, leaf_fn fn, void *arg)
{
	if (!cr3) {
		fn(arg, 0, 0, g->ram_pages * GPAGE);
		return 0;
	}
	return walk(g, cr3 & PTE_ADDR, 3, 0, fn, arg);
}

int guest_set_regs(struct guest *g, unsigned vcpu, const struct regs *r)
{
	vcpu_guest_context_any_t c;
	struct cpu_user_regs_x86_64 *u = &c.x64.user_regs;

	if (xc_vcpu_getcontext(g->xch, g->domid, vcpu, &c) < 0)
		return -1;
	u->rax = r->gpr[0], u->rbx = r->gpr[1], u->rcx = r->gpr[2], u->rdx = r->gpr[3];
	u->rsi = r->gpr[4], u->rdi = r->gpr[5], u->rbp = r->gpr[6], u->rsp = r->gpr[7];
	u->r8 = r->gpr[8], u->r9 = r->gpr[9], u->r10 = r->gpr[10], u->r11 = r->gpr[11];
	u->r12 = r->gpr[12], u->r13 = r->gpr[13], u->r14 = r->gpr[14], u->r15 = r->gpr[15];
	u->rip = r->gpr[16];
	u->rflags = r->eflags;
	return xc_vcpu_setcontext(g->xch, g->domid, vcpu, &c);
}
