/* An ELF core of a domain, as gdb reads Linux process cores: a PT_LOAD for
 * every run of mapped guest memory at its virtual address (from vCPU 0's
 * page tables), an NT_PRSTATUS and an NT_FPREGSET per vCPU. */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "guest.h"

struct seg {
	uint64_t va, gpa, pages;
};

struct segs {
	struct guest *g;
	struct seg *s;
	size_t n, cap;
	/* pending pages, checked for presence a batch at a time */
	uint64_t va[1024], gfn[1024];
	unsigned npend;
};

static void add_page(struct segs *ss, uint64_t va, uint64_t gfn)
{
	struct seg *last = ss->n ? &ss->s[ss->n - 1] : NULL;

	if (last && last->va + last->pages * GPAGE == va && last->gpa + last->pages * GPAGE == gfn * GPAGE) {
		last->pages++;
		return;
	}
	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? 2 * ss->cap : 64;
		ss->s = realloc(ss->s, ss->cap * sizeof(*ss->s));
		if (!ss->s) {
			perror("realloc");
			exit(1);
		}
	}
	ss->s[ss->n++] = (struct seg){va, gfn * GPAGE, 1};
}

/* flush keeps the pending pages that Xen lets dom0 map. */
static void flush(struct segs *ss)
{
	xen_pfn_t pfns[1024];
	int err[1024];
	unsigned i;
	void *p;

	if (!ss->npend)
		return;
	for (i = 0; i < ss->npend; i++)
		pfns[i] = ss->gfn[i];
	p = xenforeignmemory_map(ss->g->fmem, ss->g->domid, PROT_READ, ss->npend, pfns, err);
	for (i = 0; i < ss->npend; i++)
		if (p && !err[i])
			add_page(ss, ss->va[i], ss->gfn[i]);
	if (p)
		xenforeignmemory_unmap(ss->g->fmem, p, ss->npend);
	ss->npend = 0;
}

static void leaf(void *arg, uint64_t va, uint64_t gpa, uint64_t size)
{
	struct segs *ss = arg;
	uint64_t off;

	for (off = 0; off < size; off += GPAGE) {
		uint64_t gfn = (gpa + off) / GPAGE;
		if (gfn >= ss->g->ram_pages)
			break; /* beyond RAM: the identity map's 2 MiB pages reach 4 GiB */
		ss->va[ss->npend] = va + off;
		ss->gfn[ss->npend] = gfn;
		if (++ss->npend == 1024)
			flush(ss);
	}
}

static void note(FILE *f, uint32_t type, const char *name, const void *desc, uint32_t descsz)
{
	uint32_t hdr[3] = {strlen(name) + 1, descsz, type};
	static const char zero[4];

	fwrite(hdr, sizeof(hdr), 1, f);
	fwrite(name, hdr[0], 1, f);
	fwrite(zero, (4 - hdr[0] % 4) % 4, 1, f);
	fwrite(desc, descsz, 1, f);
	fwrite(zero, (4 - descsz % 4) % 4, 1, f);
}

/* Linux's struct elf_prstatus for x86-64: 112 bytes, the 27 registers of
 * user_regs_struct, then pr_fpvalid. */
struct prstatus {
	int32_t signo, code, err;
	int16_t cursig, pad0;
	uint64_t sigpend, sighold;
	int32_t pid, ppid, pgrp, sid;
	uint64_t times[8];
	uint64_t reg[27];
	int32_t fpvalid, pad1;
};

static void prstatus(struct prstatus *p, unsigned vcpu, const struct regs *r, int sig)
{
	const uint64_t *x = r->gpr; /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 rip */
	uint64_t reg[27] = {
		x[15], x[14], x[13], x[12], x[6], x[1], x[11], x[10], x[9], x[8], /* r15..r8 */
		x[0], x[2], x[3], x[4], x[5], (uint64_t)-1, x[16], r->seg[0], r->eflags, x[7], r->seg[1],
		r->fs_base, r->gs_base, r->seg[2], r->seg[3], r->seg[4], r->seg[5],
	};

	memset(p, 0, sizeof(*p));
	p->signo = p->cursig = sig;
	p->pid = vcpu + 1;
	memcpy(p->reg, reg, sizeof(reg));
	p->fpvalid = 1;
}

int guest_write_core(struct guest *g, const char *path)
{
	struct segs ss = {.g = g};
	struct regs *r = calloc(g->nvcpus, sizeof(*r));
	xc_domaininfo_t info;
	Elf64_Ehdr eh = {0};
	Elf64_Phdr ph;
	FILE *f;
	size_t i, notesz = 0;
	uint64_t off;
	unsigned v;
	int sig;

	if (!r || guest_info(g, &info) < 0)
		return -1;
	for (v = 0; v < g->nvcpus; v++)
		if (guest_regs(g, v, &r[v]) < 0)
			return -1;
	if (guest_walk(g, r[0].cr3, leaf, &ss) < 0)
		return -1;
	flush(&ss);
	/* A crashed domain stopped as on SIGSEGV, a live one as on SIGSTOP. */
	sig = (info.flags & XEN_DOMINF_shutdown) &&
			      ((info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) == SHUTDOWN_crash
		      ? 11
		      : 19;

	f = fopen(path, "w");
	if (!f)
		return -1;
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(ph);
	eh.e_phnum = 1 + ss.n;
	fwrite(&eh, sizeof(eh), 1, f);

	notesz = g->nvcpus * (12 + 8 + sizeof(struct prstatus) + 12 + 8 + 512);
	off = sizeof(eh) + eh.e_phnum * sizeof(ph);
	ph = (Elf64_Phdr){.p_type = PT_NOTE, .p_offset = off, .p_filesz = notesz, .p_align = 4};
	fwrite(&ph, sizeof(ph), 1, f);
	off = (off + notesz + GPAGE - 1) & ~(GPAGE - 1);
	for (i = 0; i < ss.n; i++) {
		uint64_t sz = ss.s[i].pages * GPAGE;
		ph = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X, .p_offset = off,
				  .p_vaddr = ss.s[i].va, .p_paddr = ss.s[i].gpa, .p_filesz = sz,
				  .p_memsz = sz, .p_align = GPAGE};
		fwrite(&ph, sizeof(ph), 1, f);
		off += sz;
	}
	for (v = 0; v < g->nvcpus; v++) {
		struct prstatus p;
		prstatus(&p, v, &r[v], v == 0 ? sig : 0);
		note(f, NT_PRSTATUS, "CORE", &p, sizeof(p));
		note(f, NT_FPREGSET, "CORE", r[v].fxsave, 512);
	}
	fseek(f, (ftell(f) + GPAGE - 1) & ~(GPAGE - 1), SEEK_SET);
	for (i = 0; i < ss.n; i++) {
		uint64_t done = 0;
		while (done < ss.s[i].pages) {
			xen_pfn_t pfns[256];
			int err[256];
			unsigned k, n = ss.s[i].pages - done > 256 ? 256 : ss.s[i].pages - done;
			static uint8_t buf[256 * 4096];
			void *p;
			for (k = 0; k < n; k++)
				pfns[k] = ss.s[i].gpa / GPAGE + done + k;
			p = xenforeignmemory_map(g->fmem, g->domid, PROT_READ, n, pfns, err);
			if (!p) {
				fclose(f);
				return -1;
			}
			/* Copy first: a 9p file system refuses writes straight from foreign pages. */
			for (k = 0; k < n; k++)
				if (err[k])
					memset(buf + k * GPAGE, 0, GPAGE);
				else
					memcpy(buf + k * GPAGE, (uint8_t *)p + k * GPAGE, GPAGE);
			xenforeignmemory_unmap(g->fmem, p, n);
			fwrite(buf, GPAGE, n, f);
			done += n;
		}
	}
	free(r);
	free(ss.s);
	return fclose(f);
}
