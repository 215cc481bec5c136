/*
 * pattern BYTES [SEED]: write BYTES bytes of fixed pseudo-random data to standard output.
 *
 * dom0 serves a 16 MiB file of this data over HTTP (README, "Network peers"). busybox has
 * no deterministic random source and an awk loop would take minutes under TCG, hence this.
 * The stream is splitmix64 (seed 0x58656e2d6e6574 unless given), each 64-bit output written
 * little-endian, so a test can also regenerate the content itself:
 *   x += 0x9e3779b97f4a7c15; z = x;
 *   z = (z ^ z>>30) * 0xbf58476d1ce4e5b9; z = (z ^ z>>27) * 0x94d049bb133111eb; z ^= z>>31
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pattern BYTES [SEED]\n");
		return 2;
	}
	unsigned long long left = strtoull(argv[1], NULL, 0);
	uint64_t x = argc == 3 ? strtoull(argv[2], NULL, 0) : 0x58656e2d6e6574ULL;
	static unsigned char buf[1 << 16];

	while (left > 0) {
		size_t n = 0;
		while (n < sizeof buf) {
			uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			z ^= z >> 31;
			for (int i = 0; i < 8; i++)
				buf[n++] = (unsigned char)(z >> (8 * i));
		}
		size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
		for (size_t off = 0; off < want;) {
			ssize_t w = write(1, buf + off, want - off);
			if (w < 0) {
				perror("pattern: write");
				return 1;
			}
			off += (size_t)w;
		}
		left -= want;
	}
	return 0;
}
