/* SHA-256 (FIPS 180-4), written for the project: bl hashes every file it
 * loads with it, the host tests check it against the NIST vectors.
 * Freestanding: no libc, no FPU, no tables built at run time. */
#ifndef ERIX_SHARED_SHA256_H
#define ERIX_SHARED_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define ERIX_SHA256_SIZE  32 /* digest bytes */
#define ERIX_SHA256_BLOCK 64 /* message block bytes */

struct erix_sha256 {
	uint32_t h[8];                    /* intermediate hash value */
	uint64_t length;                  /* message bytes so far */
	uint8_t block[ERIX_SHA256_BLOCK]; /* partial block, length % 64 bytes */
};

/* Streaming: init, any number of updates, final (which leaves *c unusable
 * until the next init). */
void erix_sha256_init(struct erix_sha256 *c);
void erix_sha256_update(struct erix_sha256 *c, const void *data, size_t len);
void erix_sha256_final(struct erix_sha256 *c, uint8_t out[ERIX_SHA256_SIZE]);

/* The digest of one buffer. */
void erix_sha256(const void *data, size_t len, uint8_t out[ERIX_SHA256_SIZE]);

/* Lower-case hex: 64 digits and a NUL into out[65]. Parsing takes exactly 64
 * hex digits (either case); returns 0, or -1 on any other character. */
void erix_sha256_hex(const uint8_t digest[ERIX_SHA256_SIZE], char out[2 * ERIX_SHA256_SIZE + 1]);
int erix_sha256_parse_hex(const char *hex, uint8_t digest[ERIX_SHA256_SIZE]);

#endif
