/* bl: the digest rules (bl/README.md, "Verified boot"), a pure function of
 * the expected digest, the computed one and the Secure Boot state. */
#include "digest.h"

static int same_digest(const uint8_t a[ERIX_SHA256_SIZE], const uint8_t b[ERIX_SHA256_SIZE])
{
	uint8_t diff = 0;

	for (int i = 0; i < ERIX_SHA256_SIZE; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

enum bl_digest_verdict bl_digest_verdict(const struct bl_digest *want,
                                         const uint8_t got[ERIX_SHA256_SIZE], int secure_boot)
{
	if (!want->present)
		return secure_boot ? BL_DIGEST_MISSING : BL_DIGEST_UNCHECKED;
	return same_digest(want->sha256, got) ? BL_DIGEST_MATCH : BL_DIGEST_MISMATCH;
}

void bl_embedded_expected(const volatile struct bl_embedded_digest *e, struct bl_digest *out)
{
	static const char magic[sizeof(e->magic)] = BL_EMBED_MAGIC;
	int intact = e->version == BL_EMBED_VERSION && e->present == 1;

	for (int i = 0; i < (int)sizeof(magic); i++)
		intact &= e->magic[i] == magic[i];
	for (int i = 0; i < ERIX_SHA256_SIZE; i++)
		out->sha256[i] = e->sha256[i];
	out->present = (uint8_t)intact;
}
