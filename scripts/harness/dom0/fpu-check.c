/*
 * fpu-check SECONDS: keep known values in xmm0-xmm15 while spinning, for SECONDS seconds, and
 * count the checks that found a register changed under it. Prints "fpu-check: N checks, M bad"
 * and exits 1 if M > 0.
 *
 * Why: Xen's lazy FPU switching (its default on AMD) leaked SSE state between a busy PVH
 * guest and dom0 under QEMU TCG: dom0's programs (curl, ab, Go binaries) read garbage and
 * crashed. The harness boots Xen with spec-ctrl=eager-fpu; this tool is how a test checks it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Compare xmmN with 16 bytes at OFF(%2); add 1 to %0 when they differ. */
#define CHECK(n, off)                                   \
	"movdqa %%xmm" #n ", %%xmm0\n\t"                 \
	"pcmpeqb " #off "(%2), %%xmm0\n\t"               \
	"pmovmskb %%xmm0, %%eax\n\t"                     \
	"cmpl $0xffff, %%eax\n\t"                        \
	"setne %%al\n\t"                                 \
	"movzbl %%al, %%eax\n\t"                         \
	"addl %%eax, %0\n\t"

/* One check: load the patterns, spin (the registers live across any preemption), compare.
 * xmm0 is the scratch register, so xmm1-xmm15 carry the patterns. */
static unsigned int check_once(const uint8_t *pat, long spins)
{
	unsigned int bad = 0;
	__asm__ volatile(
		"movdqa 16(%2), %%xmm1\n\t"
		"movdqa 32(%2), %%xmm2\n\t"
		"movdqa 48(%2), %%xmm3\n\t"
		"movdqa 64(%2), %%xmm4\n\t"
		"movdqa 80(%2), %%xmm5\n\t"
		"movdqa 96(%2), %%xmm6\n\t"
		"movdqa 112(%2), %%xmm7\n\t"
		"movdqa 128(%2), %%xmm8\n\t"
		"movdqa 144(%2), %%xmm9\n\t"
		"movdqa 160(%2), %%xmm10\n\t"
		"movdqa 176(%2), %%xmm11\n\t"
		"movdqa 192(%2), %%xmm12\n\t"
		"movdqa 208(%2), %%xmm13\n\t"
		"movdqa 224(%2), %%xmm14\n\t"
		"movdqa 240(%2), %%xmm15\n\t"
		"1: decq %1\n\t"
		"jnz 1b\n\t"
		CHECK(1, 16) CHECK(2, 32) CHECK(3, 48) CHECK(4, 64) CHECK(5, 80)
		CHECK(6, 96) CHECK(7, 112) CHECK(8, 128) CHECK(9, 144) CHECK(10, 160)
		CHECK(11, 176) CHECK(12, 192) CHECK(13, 208) CHECK(14, 224) CHECK(15, 240)
		: "+r"(bad), "+r"(spins)
		: "r"(pat)
		: "rax", "cc", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
		  "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	return bad;
}

int main(int argc, char **argv)
{
	if (argc != 2 || atoi(argv[1]) <= 0) {
		fprintf(stderr, "usage: fpu-check SECONDS\n");
		return 2;
	}
	static uint8_t pat[256] __attribute__((aligned(16)));
	for (int i = 0; i < 256; i++)
		pat[i] = (uint8_t)(i * 37 + 11);
	time_t end = time(NULL) + atoi(argv[1]);
	unsigned long checks = 0, bad = 0;
	while (time(NULL) < end) {
		/* About a millisecond of spinning under TCG per check. */
		if (check_once(pat, 200000))
			bad++;
		checks++;
	}
	printf("fpu-check: %lu checks, %lu bad\n", checks, bad);
	return bad > 0;
}
