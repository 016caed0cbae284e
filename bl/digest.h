/* bl: the digest rules and the BOOT.CFG digest embedded in the loader. No
 * UEFI header: bl/digest.c is linked into bl and into the host unit tests
 * (tests/unit/test_bl_digest.c). */
#ifndef ERIX_BL_DIGEST_H
#define ERIX_BL_DIGEST_H

#include "bootcfg.h"

enum bl_digest_verdict {
	BL_DIGEST_MATCH,     /* the bytes have the expected digest */
	BL_DIGEST_UNCHECKED, /* no digest expected, Secure Boot off: recorded only */
	BL_DIGEST_MISSING,   /* no digest expected, Secure Boot on: FAIL:DIGEST */
	BL_DIGEST_MISMATCH,  /* FAIL:DIGEST */
};

/* The rule for one file: a digest is checked whenever there is one; under
 * Secure Boot there must be one. */
enum bl_digest_verdict bl_digest_verdict(const struct bl_digest *want,
                                         const uint8_t got[ERIX_SHA256_SIZE], int secure_boot);

/* The expected digest of BOOT.CFG, a fixed-layout block in the loader's
 * .data. The build leaves it absent; image/embed-cfg-digest.py finds the
 * magic in BOOTX64.EFI and writes present = 1 and the digest before sbsign,
 * so the signature covers it (layout in bl/README.md). */
#define BL_EMBED_MAGIC   "ERIX_CFG_SHA256" /* 15 bytes and a NUL */
#define BL_EMBED_VERSION 1

struct bl_embedded_digest {
	char magic[16];
	uint32_t version;
	uint32_t present; /* 0: the loader was not given a BOOT.CFG digest */
	uint8_t sha256[ERIX_SHA256_SIZE];
};
_Static_assert(sizeof(struct bl_embedded_digest) == 56, "embedded digest");
_Static_assert(offsetof(struct bl_embedded_digest, version) == 16, "version");
_Static_assert(offsetof(struct bl_embedded_digest, present) == 20, "present");
_Static_assert(offsetof(struct bl_embedded_digest, sha256) == 24, "sha256");

/* The embedded block as an expected digest: present only if the block's
 * magic and version are intact and present is exactly 1. */
void bl_embedded_expected(const volatile struct bl_embedded_digest *e, struct bl_digest *out);

#endif
