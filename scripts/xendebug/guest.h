/* Access to a Xen HVM/PVH domain from dom0: its memory through the
 * guest's own page tables, its vCPU registers, and an ELF core of it. */
#ifndef XENDEBUG_GUEST_H
#define XENDEBUG_GUEST_H

#include <stdint.h>
#include <stddef.h>
#include <xenctrl.h>
#include <xenforeignmemory.h>

#define GPAGE 4096ULL

struct guest {
	xc_interface *xch;
	xenforeignmemory_handle *fmem;
	uint32_t domid;
	unsigned nvcpus;
	uint64_t ram_pages; /* gfns below this may be RAM (the identity map's limit) */
};

/* Registers as gdb's amd64 layout orders them: rax rbx rcx rdx rsi rdi rbp
 * rsp r8-r15 rip, then eflags and the selectors cs ss ds es fs gs. */
struct regs {
	uint64_t gpr[17];
	uint32_t eflags;
	uint32_t seg[6];
	uint64_t cr3, fs_base, gs_base;
	uint8_t fxsave[512];
};

int guest_open(struct guest *g, uint32_t domid);
int guest_info(struct guest *g, xc_domaininfo_t *info);
int guest_regs(struct guest *g, unsigned vcpu, struct regs *r);
/* guest_set_regs gives a paused vCPU r's general registers, rip and eflags. */
int guest_set_regs(struct guest *g, unsigned vcpu, const struct regs *r);
/* Guest-virtual memory through CR3's page tables (identity if paging is off). */
int guest_read(struct guest *g, uint64_t cr3, uint64_t va, void *buf, size_t n);
int guest_write(struct guest *g, uint64_t cr3, uint64_t va, const void *buf, size_t n);
/* walk calls fn for every present leaf mapping of CR3's tables. */
typedef void (*leaf_fn)(void *arg, uint64_t va, uint64_t gpa, uint64_t size);
int guest_walk(struct guest *g, uint64_t cr3, leaf_fn fn, void *arg);
int guest_write_core(struct guest *g, const char *path);

#endif
