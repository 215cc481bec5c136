/*
 * udp-raw SRC DST PORT: sends two UDP datagrams from SRC to DST:PORT through a raw socket,
 * so that they leave dom0 with no checksum offload (netback then tells the guest nothing
 * about their checksums): "corrupt", whose UDP checksum is wrong, then "intact", whose
 * checksum is right. A guest must drop the first and receive the second.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint32_t sum16(const void *p, size_t n, uint32_t sum)
{
	const uint8_t *b = p;
	for (; n > 1; b += 2, n -= 2)
		sum += (uint32_t)b[0] << 8 | b[1];
	if (n)
		sum += (uint32_t)b[0] << 8;
	return sum;
}

static int send_one(int s, struct in_addr src, struct sockaddr_in *dst, const char *text, int corrupt)
{
	uint8_t pkt[64], pseudo[12];
	size_t n = strlen(text), len = 8 + n;
	uint32_t sum;

	memset(pkt, 0, sizeof pkt);
	pkt[0] = 7009 >> 8, pkt[1] = 7009 & 0xff;                 /* source port */
	memcpy(pkt + 2, &dst->sin_port, 2);                       /* destination port */
	pkt[4] = len >> 8, pkt[5] = len & 0xff;
	memcpy(pkt + 8, text, n);
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst->sin_addr, 4);
	pseudo[8] = 0, pseudo[9] = IPPROTO_UDP, pseudo[10] = len >> 8, pseudo[11] = len & 0xff;
	sum = sum16(pkt, len, sum16(pseudo, sizeof pseudo, 0));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	if (sum == 0)
		sum = 0xffff;
	if (corrupt)
		sum ^= 0x0101;
	pkt[6] = sum >> 8, pkt[7] = sum & 0xff;
	if (sendto(s, pkt, len, 0, (struct sockaddr *)dst, sizeof *dst) != (ssize_t)len) {
		perror("udp-raw: sendto");
		return -1;
	}
	printf("udp-raw: sent %s (checksum %s)\n", text, corrupt ? "wrong" : "right");
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in dst = {.sin_family = AF_INET};
	struct in_addr src;
	int s;

	if (argc != 4 || !inet_aton(argv[1], &src) || !inet_aton(argv[2], &dst.sin_addr)) {
		fprintf(stderr, "usage: udp-raw SRC DST PORT\n");
		return 2;
	}
	dst.sin_port = htons(atoi(argv[3]));
	s = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
	if (s < 0) {
		perror("udp-raw: socket");
		return 1;
	}
	if (send_one(s, src, &dst, "corrupt", 1) < 0)
		return 1;
	usleep(200000);
	if (send_one(s, src, &dst, "intact", 0) < 0)
		return 1;
	return 0;
}
