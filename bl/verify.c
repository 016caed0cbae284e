/* bl: the verified chain. Reads whether Secure Boot is on, hashes every file
 * as soon as it is read, measures it into the TPM if there is one
 * (measure.c), checks it against its expected digest before any other code
 * looks at its bytes, and records it for the handoff's DIGESTS section
 * (rules in bl/digest.c, format in bl/README.md). */
#include "bl.h"
#include "cpu.h"
#include "digest.h"

_Static_assert(BL_PATH_MAX == ERIX_HANDOFF_DIGEST_PATH_MAX, "a path fits a digest entry");

/* Patched by image/embed-cfg-digest.py before signing. volatile: bl must
 * read what the signed file holds, not fold the zeros it was compiled with. */
volatile struct bl_embedded_digest bl_config_digest __attribute__((used)) = {
    BL_EMBED_MAGIC,
    BL_EMBED_VERSION,
    0,
    {0},
};

/* SecureBoot (EFI global variable, one byte) is 1 only when the firmware
 * enforces signatures; absent (older firmware) means off. */
EFI_STATUS bl_secure_boot_probe(struct bl_state *s)
{
	EFI_GUID global = EFI_GLOBAL_VARIABLE;
	CHAR16 name[] = L"SecureBoot";
	UINT8 value = 0;
	UINTN size = sizeof(value);
	UINT32 attr;
	EFI_STATUS st;

	st = uefi_call_wrapper(s->st->RuntimeServices->GetVariable, 5, name, &global, &attr, &size,
	                       &value);
	s->secure_boot = !EFI_ERROR(st) && size == 1 && value == 1;
	bl_print(ERIX_MARK_BL_SECURE_BOOT, s->secure_boot ? " enabled=1" : " enabled=0", NULL);
	return EFI_SUCCESS;
}

void bl_config_expected(struct bl_digest *want)
{
	bl_embedded_expected(&bl_config_digest, want);
}

static void record(struct bl_state *s, uint32_t kind, const char *path,
                   const uint8_t got[ERIX_SHA256_SIZE], int verified)
{
	struct erix_handoff_digest *d;

	if (s->digest_count >= ERIX_HANDOFF_MAX_DIGESTS)
		return; /* cannot happen: BOOT.CFG, the kernel, at most 16 modules */
	d = &s->digests[s->digest_count++];
	d->kind = kind;
	d->flags = verified ? ERIX_DIGEST_F_VERIFIED : 0;
	CopyMem(d->sha256, (void *)got, ERIX_SHA256_SIZE);
	CopyMem(d->path, (void *)path, bl_strlen(path) + 1);
}

EFI_STATUS bl_verify(struct bl_state *s, uint32_t kind, const char *path,
                     const struct bl_digest *want, uint64_t phys, uint64_t size)
{
	char hex[2 * ERIX_SHA256_SIZE + 1];
	uint8_t got[ERIX_SHA256_SIZE];
	uint64_t t0 = bl_rdtsc();
	EFI_STATUS st;

	erix_sha256((const void *)(uintptr_t)phys, size, got);
	s->digest_tsc += bl_rdtsc() - t0;
	/* Measured as read, whatever the verdict: the log shows what was loaded. */
	st = bl_measure(s, path, phys, size);
	if (EFI_ERROR(st))
		return st;
	erix_sha256_hex(got, hex);
	switch (bl_digest_verdict(want, got, s->secure_boot)) {
	case BL_DIGEST_MATCH:
		record(s, kind, path, got, 1);
		return EFI_SUCCESS;
	case BL_DIGEST_UNCHECKED:
		record(s, kind, path, got, 0);
		return EFI_SUCCESS;
	case BL_DIGEST_MISSING:
		return bl_fail(BL_FAIL_DIGEST, EFI_SECURITY_VIOLATION, "file=", path,
		               " no sha256 given and Secure Boot is on; got=", hex, NULL);
	case BL_DIGEST_MISMATCH:
	default:
		return bl_fail(BL_FAIL_DIGEST, EFI_SECURITY_VIOLATION, "file=", path,
		               " sha256 mismatch; got=", hex, NULL);
	}
}
