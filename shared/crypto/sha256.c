/* SHA-256 as specified by FIPS 180-4, section 6.2: 64-byte blocks, a
 * 64-word message schedule, eight 32-bit working variables, big-endian
 * words and a 64-bit big-endian bit length in the padding. */
#include "sha256.h"

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 5.3.3: the first 32 bits of the fractional parts of the square
 * roots of the first 8 primes. */
static const uint32_t h0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* FIPS 180-4 4.1.2, functions (4.2) to (4.7). Ch and Maj in equivalent
 * forms with fewer operations: Ch picks y where x is 1, else z, which is
 * z ^ (x & (y ^ z)); Maj is 1 where two of three are, (x & y) | (z & (x | y)). */
static uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
	return z ^ (x & (y ^ z));
}

static uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) | (z & (x | y));
}

static uint32_t big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static uint32_t big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static uint32_t small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static uint32_t small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* FIPS 180-4 6.2.2 step 1: the message schedule W[0..63]. */
static void schedule(uint32_t w[64], const uint8_t block[ERIX_SHA256_BLOCK])
{
	for (int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (int t = 16; t < 64; t++)
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
}

/* One round (6.2.2 step 3) with the working variables renamed instead of
 * moved: the new a lands in h's variable and the new e in d's, so the next
 * round is ROUND(h, a, b, c, d, e, f, g, ...). */
#define ROUND(a, b, c, d, e, f, g, h, t)                                                           \
	do {                                                                                       \
		uint32_t t1_ = (h) + big_sigma1(e) + ch(e, f, g) + k[t] + w[t];                    \
		(d) += t1_;                                                                        \
		(h) = t1_ + big_sigma0(a) + maj(a, b, c);                                          \
	} while (0)

/* FIPS 180-4 6.2.2: one block into the hash value, eight rounds per pass so
 * that the renaming comes back to where it started. */
static void compress(uint32_t hv[8], const uint8_t block[ERIX_SHA256_BLOCK])
{
	uint32_t w[64];
	uint32_t a = hv[0], b = hv[1], c = hv[2], d = hv[3], e = hv[4], f = hv[5], g = hv[6],
	         h = hv[7];

	schedule(w, block);
	for (int t = 0; t < 64; t += 8) {
		ROUND(a, b, c, d, e, f, g, h, t);
		ROUND(h, a, b, c, d, e, f, g, t + 1);
		ROUND(g, h, a, b, c, d, e, f, t + 2);
		ROUND(f, g, h, a, b, c, d, e, t + 3);
		ROUND(e, f, g, h, a, b, c, d, t + 4);
		ROUND(d, e, f, g, h, a, b, c, t + 5);
		ROUND(c, d, e, f, g, h, a, b, t + 6);
		ROUND(b, c, d, e, f, g, h, a, t + 7);
	}
	hv[0] += a, hv[1] += b, hv[2] += c, hv[3] += d;
	hv[4] += e, hv[5] += f, hv[6] += g, hv[7] += h;
}

void erix_sha256_init(struct erix_sha256 *c)
{
	for (int i = 0; i < 8; i++)
		c->h[i] = h0[i];
	c->length = 0;
}

void erix_sha256_update(struct erix_sha256 *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t fill = (size_t)(c->length % ERIX_SHA256_BLOCK);

	c->length += len;
	if (fill) {
		while (len && fill < ERIX_SHA256_BLOCK) {
			c->block[fill++] = *p++;
			len--;
		}
		if (fill < ERIX_SHA256_BLOCK)
			return;
		compress(c->h, c->block);
	}
	for (; len >= ERIX_SHA256_BLOCK; p += ERIX_SHA256_BLOCK, len -= ERIX_SHA256_BLOCK)
		compress(c->h, p);
	for (size_t i = 0; i < len; i++)
		c->block[i] = p[i];
}

/* FIPS 180-4 5.1.1: a 1 bit, zeros to 56 mod 64 bytes, the bit length as a
 * 64-bit big-endian number. */
void erix_sha256_final(struct erix_sha256 *c, uint8_t out[ERIX_SHA256_SIZE])
{
	size_t fill = (size_t)(c->length % ERIX_SHA256_BLOCK);
	uint64_t bits = c->length * 8;

	c->block[fill++] = 0x80;
	if (fill > ERIX_SHA256_BLOCK - 8) {
		while (fill < ERIX_SHA256_BLOCK)
			c->block[fill++] = 0;
		compress(c->h, c->block);
		fill = 0;
	}
	while (fill < ERIX_SHA256_BLOCK - 8)
		c->block[fill++] = 0;
	store_be32(c->block + 56, (uint32_t)(bits >> 32));
	store_be32(c->block + 60, (uint32_t)bits);
	compress(c->h, c->block);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
}

void erix_sha256(const void *data, size_t len, uint8_t out[ERIX_SHA256_SIZE])
{
	struct erix_sha256 c;

	erix_sha256_init(&c);
	erix_sha256_update(&c, data, len);
	erix_sha256_final(&c, out);
}

void erix_sha256_hex(const uint8_t digest[ERIX_SHA256_SIZE], char out[2 * ERIX_SHA256_SIZE + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < ERIX_SHA256_SIZE; i++) {
		out[2 * i] = digits[digest[i] >> 4];
		out[2 * i + 1] = digits[digest[i] & 15];
	}
	out[2 * ERIX_SHA256_SIZE] = 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int erix_sha256_parse_hex(const char *hex, uint8_t digest[ERIX_SHA256_SIZE])
{
	for (int i = 0; i < ERIX_SHA256_SIZE; i++) {
		int hi = hex_value(hex[2 * i]), lo = hi < 0 ? -1 : hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		digest[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
