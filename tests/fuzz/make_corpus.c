/* Writes the committed seed corpora (tests/fuzz/corpus/<target>/) from the
 * unit-test fixtures: valid inputs and near-valid ones that stop at a late
 * rule. Run with `make fuzz-corpus`; the output is committed. */
#include <stdio.h>
#include <string.h>

#include "../unit/bootinfo_fixture.h"
#include "../unit/elf_fixture.h"
#include "../unit/handoff_fixture.h"
#include <erix/layout.h>

static const char *dir;

static int write_file(const char *target, const char *name, uint8_t prefix, int with_prefix,
                      const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (with_prefix)
		fputc(prefix, f);
	fwrite(data, 1, len, f);
	return fclose(f);
}

struct ho_seed {
	const char *name;
	struct hf_opts opts;
	void (*mutate)(struct hf *f);
};

static void m_none(struct hf *f)
{
	(void)f;
}
static void m_rsdp(struct hf *f)
{
	f->acpi->rsdp[9] ^= 1;
}
static void m_dup(struct hf *f)
{
	memcpy(f->mods[1].name, f->mods[0].name, 32);
}
static void m_overlap(struct hf *f)
{
	f->mem[1].base = 0x9E000;
}
static void m_fb(struct hf *f)
{
	f->fb->size = 0x400000;
}

static const struct ho_seed ho_seeds[] = {
    {"valid", {0}, m_none},
    {"no-optional", {.no_framebuffer = 1, .no_acpi = 1}, m_none},
    {"rsdp-rev0", {.acpi_rev0 = 1}, m_none},
    {"unknown-section", {.unknown_section = 1}, m_none},
    {"big-map", {.extra_mem = 300}, m_none},
    {"bad-rsdp-checksum", {0}, m_rsdp},
    {"dup-module-name", {0}, m_dup},
    {"mem-overlap", {0}, m_overlap},
    {"fb-cover", {0}, m_fb},
};

static int handoff_corpus(void)
{
	for (size_t i = 0; i < sizeof(ho_seeds) / sizeof(ho_seeds[0]); i++) {
		struct hf f;
		if (hf_build(&f, &ho_seeds[i].opts) != 0)
			return -1;
		ho_seeds[i].mutate(&f);
		erix_hb_reseal(f.buf);
		/* Prefix 1: the harness reseals after its mutations. */
		if (write_file("handoff_validate", ho_seeds[i].name, 1, 1, f.buf, f.h->total_size))
			return -1;
		hf_free(&f);
	}
	return 0;
}

static int elf_corpus(void)
{
	static struct ef e;

	ef_build(&e);
	if (write_file("elf64", "valid", 0, 0, e.buf, e.size))
		return -1;
	e.ph[EF_PH_TEXT].p_flags |= ELF64_PF_W;
	if (write_file("elf64", "wx", 0, 0, e.buf, e.size))
		return -1;
	ef_build(&e);
	e.eh->e_entry = EF_TEXT + 0x1010;
	if (write_file("elf64", "entry-rodata", 0, 0, e.buf, e.size))
		return -1;
	ef_build(&e);
	ef_many_segments(&e, ELF64_MAX_LOAD_SEGMENTS);
	if (write_file("elf64", "max-segments", 0, 0, e.buf, 0x1000))
		return -1;
	return 0;
}

struct bi_seed {
	const char *name;
	uint32_t n_ram, n_dev, n_mod;
	void (*mutate)(struct bf *f);
};

static void bm_none(struct bf *f)
{
	(void)f;
}
static void bm_module_order(struct bf *f)
{
	f->mod[1].vaddr = f->mod[0].vaddr + ERIX_PAGE_SIZE;
}
static void bm_untyped_overlap(struct bf *f)
{
	f->ut[f->n_ram].base = f->ut[0].base;
}
static void bm_no_facts(struct bf *f)
{
	memset(f->p, 0, sizeof(*f->p));
}

static const struct bi_seed bi_seeds[] = {
    {"valid", 3, 2, 3, bm_none},
    {"empty", 0, 0, 0, bm_none},
    {"max-modules", 2, 2, ERIX_BOOTINFO_MAX_MODULES, bm_none},
    {"max-untyped", 400, 112, 1, bm_none},
    {"no-facts", 1, 1, 1, bm_no_facts},
    {"module-order", 2, 1, 3, bm_module_order},
    {"untyped-overlap", 2, 2, 1, bm_untyped_overlap},
};

static int bootinfo_corpus(void)
{
	for (size_t i = 0; i < sizeof(bi_seeds) / sizeof(bi_seeds[0]); i++) {
		const struct bi_seed *s = &bi_seeds[i];
		struct bf f;

		if (bf_build(&f, s->n_ram, s->n_dev, s->n_mod))
			return -1;
		s->mutate(&f);
		erix_bib_reseal(f.buf);
		/* Prefix 1: the harness reseals after its mutations. */
		if (write_file("bootinfo_validate", s->name, 1, 1, f.buf, f.h->total_size))
			return -1;
		bf_free(&f);
	}
	return 0;
}

/* fuzz_kcaps programs (op byte, then its argument bytes; see step() in
 * fuzz_kcaps.c): short lifecycles that reach the deep states at once. */
struct kc_seed {
	const char *name;
	size_t len;
	uint8_t prog[128];
};

#define KC(name, ...)                                                                              \
	{                                                                                          \
		name, sizeof((uint8_t[]){__VA_ARGS__}),                                            \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}
static const struct kc_seed kc_seeds[] = {
    /* endpoint, alias; stage with pages, bytes, a grant; START denied,
     * install, START, KILL; drops. */
    KC("lifecycle", 0, 1, 1, 1, 2, 1, 3, 10, 15, 32, 100, 4, 10, 0, 0, 5, 4, 10, 1, 1, 3, 5, 10, 0,
       0, 64, 0, 6, 10, 20, 3, 7, 8, 10, 0, 0, 3, 0, 1, 7, 20, 1, 8, 10, 0, 0, 3, 0, 1, 10, 10, 2,
       1, 2, 2),
    /* ABORT with a live grant; the grant then finds the stage gone. */
    KC("abort-grant", 0, 1, 3, 10, 7, 16, 50, 6, 10, 20, 1, 1, 9, 10, 7, 20, 1, 2, 20),
    /* The process cap goes first: the stage lives on its grant until the
     * install consumes it. */
    KC("grant-outlives-cap", 0, 1, 3, 10, 7, 16, 50, 6, 10, 20, 0, 7, 2, 10, 7, 20, 1),
    /* A small budget mapped until NO_MEMORY, first part-way through a map
     * that made tables. */
    KC("exhaust", 3, 10, 31, 9, 10, 4, 10, 0, 3, 1, 4, 10, 4, 0, 1, 4, 10, 8, 3, 1, 12, 255),
    /* A start frame straddling two stack pages mapped in reverse. */
    KC("straddle", 3, 10, 3, 32, 100, 4, 10, 0, 0, 5, 4, 10, 2, 0, 3, 4, 10, 1, 0, 3, 8, 10, 0, 0,
       2, 1, 9, 10, 10),
    /* Attenuated chains and queries. */
    KC("attenuate", 0, 1, 1, 1, 2, 5, 1, 2, 3, 4, 1, 3, 4, 1, 1, 2, 5, 2, 11, 4, 1, 2, 1, 11, 1, 0),
};

static int kcaps_corpus(void)
{
	for (size_t i = 0; i < sizeof(kc_seeds) / sizeof(kc_seeds[0]); i++)
		if (write_file("kcaps", kc_seeds[i].name, 0, 0, kc_seeds[i].prog, kc_seeds[i].len))
			return -1;
	return 0;
}

/* fuzz_acpi: a 24-byte header (RSDP offset, window, holes), then a fake
 * physical image at 0x100000 holding an RSDP, XSDT, RSDT, FACP (with its
 * DSDT), MADT, MCFG, HPET and two adjacent SSDTs (the offsets below), in
 * valid form and broken one rule at a time. */
#define AC_BASE 0x100000u
#define AC_RSDP 0x000
#define AC_XSDT 0x040
#define AC_RSDT 0x0C0
#define AC_FACP 0x100
#define AC_DSDT 0x200
#define AC_MADT 0x280
#define AC_MCFG 0x300
#define AC_HPET 0x340
#define AC_SSDA 0x380
#define AC_SSDB 0x3C0
#define AC_SIZE 0x400

static uint8_t ac[24 + AC_SIZE];
static uint8_t *ac_img = ac + 24;

static void ac_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void ac_put64(uint8_t *p, uint64_t v)
{
	ac_put32(p, (uint32_t)v);
	ac_put32(p + 4, (uint32_t)(v >> 32));
}

static void ac_seal(uint32_t off, uint32_t sum_at, uint32_t len)
{
	uint8_t sum = 0;

	ac_img[off + sum_at] = 0;
	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + ac_img[off + i]);
	ac_img[off + sum_at] = (uint8_t)-sum;
}

static void ac_table(uint32_t off, const char *sig, uint32_t len)
{
	memcpy(ac_img + off, sig, 4);
	ac_put32(ac_img + off + 4, len);
	ac_img[off + 8] = 2;
	ac_seal(off, 9, len);
}

static void ac_rsdp(uint8_t revision)
{
	uint8_t *r = ac_img + AC_RSDP;

	memcpy(r, "RSD PTR ", 8);
	r[15] = revision;
	ac_put32(r + 16, AC_BASE + AC_RSDT);
	ac_put32(r + 20, 36);
	ac_put64(r + 24, AC_BASE + AC_XSDT);
	ac_seal(AC_RSDP, 8, 20);
	ac_seal(AC_RSDP, 32, 36);
}

/* The valid image; the window names image offset off (len bytes). */
static void ac_build(uint32_t win, uint8_t len)
{
	const uint32_t xsdt[] = {AC_FACP, AC_MADT, AC_MCFG, AC_HPET, AC_SSDA, AC_SSDB};

	memset(ac, 0, sizeof(ac));
	ac_put32(ac, AC_RSDP);
	ac_put32(ac + 4, win + 64);
	ac[8] = len;
	for (unsigned i = 0; i < 6; i++)
		ac_put64(ac_img + AC_XSDT + 36 + 8 * i, AC_BASE + xsdt[i]);
	ac_table(AC_XSDT, "XSDT", 36 + 8 * 6);
	ac_put32(ac_img + AC_RSDT + 36, AC_BASE + AC_FACP);
	ac_put32(ac_img + AC_RSDT + 40, AC_BASE + AC_MADT);
	ac_table(AC_RSDT, "RSDT", 44);
	ac_put32(ac_img + AC_FACP + 40, AC_BASE + AC_DSDT);
	ac_put64(ac_img + AC_FACP + 140, AC_BASE + AC_DSDT);
	ac_table(AC_FACP, "FACP", 244);
	ac_table(AC_DSDT, "DSDT", 100);
	ac_img[AC_MADT + 44] = 1; /* one I/O APIC */
	ac_img[AC_MADT + 45] = 12;
	ac_put32(ac_img + AC_MADT + 48, 0xFEC00000);
	ac_table(AC_MADT, "APIC", 56);
	ac_put64(ac_img + AC_MCFG + 44, 0xB0000000);
	ac_img[AC_MCFG + 55] = 255;
	ac_table(AC_MCFG, "MCFG", 60);
	ac_put64(ac_img + AC_HPET + 44, 0xFED00000);
	ac_table(AC_HPET, "HPET", 56);
	ac_table(AC_SSDA, "SSDT", 64);
	ac_table(AC_SSDB, "SSDT", 64);
	ac_rsdp(2);
}

static int ac_write(const char *name)
{
	return write_file("acpi", name, 0, 0, ac, sizeof(ac));
}

static int acpi_corpus(void)
{
	int err = 0;

	ac_build(AC_MADT, 8);
	err |= ac_write("valid-madt-first");
	ac_build(AC_MADT + 48, 8);
	err |= ac_write("valid-madt-last");
	ac_build(AC_RSDP + 28, 8);
	err |= ac_write("rsdp-last-qword");
	ac_build(AC_DSDT + 92, 16);
	err |= ac_write("dsdt-straddle");
	ac_build(AC_SSDA + 60, 8);
	err |= ac_write("across-adjacent");
	ac_build(AC_MADT, 8);
	ac_img[AC_MADT + 50] ^= 1;
	err |= ac_write("madt-bad-checksum");
	ac_build(AC_MADT, 8);
	ac[9] = 1; /* a hole over the MADT's last bytes: its length runs past */
	ac[10] = (uint8_t)(AC_MADT + 50);
	ac[11] = (uint8_t)((AC_MADT + 50) >> 8);
	ac[12] = 4;
	err |= ac_write("madt-length-past-readable");
	ac_build(AC_MADT, 8);
	ac_put64(ac_img + AC_XSDT + 36 + 8 * 5, AC_BASE + AC_XSDT); /* self */
	ac_put64(ac_img + AC_XSDT + 36 + 8 * 4, AC_BASE + AC_MADT); /* duplicate */
	ac_table(AC_XSDT, "XSDT", 36 + 8 * 6);
	err |= ac_write("xsdt-loop");
	ac_build(AC_XSDT + 8, 8);
	ac_put32(ac_img + AC_RSDT + 40, AC_BASE + AC_XSDT);
	ac_table(AC_RSDT, "RSDT", 44);
	ac_rsdp(0);
	err |= ac_write("rsdt-names-xsdt");
	ac_build(AC_SSDA + 8, 8);
	ac_table(AC_SSDA + 16, "SSDT", 64); /* overlaps SSDT A's tail and SSDT B */
	ac_put64(ac_img + AC_XSDT + 36 + 8 * 5, AC_BASE + AC_SSDA + 16);
	ac_table(AC_XSDT, "XSDT", 36 + 8 * 6);
	err |= ac_write("overlapping");
	ac_build(AC_RSDP + 24, 8);
	ac_rsdp(0);
	ac_put64(ac_img + AC_RSDP + 24, 0xDEADBEEFCAFE);
	err |= ac_write("rsdp-rev0-xsdt-garbage");
	return err ? -1 : 0;
}

/* fuzz_ipc programs: 12 layout bytes (0: the default aliases), then
 * steps (see step() in fuzz_ipc.c). An IPC step is op, thread, slot,
 * shape (ERIX_IPC_F_* flags), cap slots 1 and 2, receive slots 1 and 2,
 * timeout, word seed. Threads: 0 rootd's worker, 1-2 P0, 3-4 P1, 5-6 P2
 * (5 waits on E0 from the start); bit 7 of an op turns the fast path off. */
#define IPC(op, thr, slot, shape, c1, c2, r1, r2, t, w) op, thr, slot, shape, c1, c2, r1, r2, t, w
#define LAYOUT                                          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
static const struct kc_seed ipc_seeds[] = {
    /* Calls answered by REPLY_RECV, fast path on then off. */
    KC("call-reply", LAYOUT, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 7), IPC(3, 5, 0, 0, 0, 0, 0, 0, 0, 9),
       IPC(0, 2, 0, 0, 0, 0, 0, 0, 0, 8), IPC(0x83, 5, 0, 0, 0, 0, 0, 0, 0, 10)),
    /* P2's server calls P1's (nested): P1's REPLY_RECV goes by the fast
     * path to a caller above every ready thread. */
    KC("nested", LAYOUT, IPC(1, 3, 1, 0, 0, 0, 0, 0, 0, 0), IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1),
       IPC(0, 5, 1, 0, 0, 0, 0, 0, 0, 2), 9, 3, IPC(3, 3, 1, 0, 0, 0, 0, 0, 0, 3),
       IPC(3, 5, 0, 0, 0, 0, 0, 0, 0, 4)),
    /* A cap moves on CALL into the server's named slot; a REPLY with a
     * cap but no GRANT is refused; the new alias is called through and
     * a reply cap finds no receive slot. */
    KC("transfer", LAYOUT, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1), IPC(3, 5, 0, 8, 0, 0, 4, 0, 0, 2),
       IPC(0, 3, 0, 2, 2, 0, 0, 0, 0, 3), IPC(2, 5, 0, 2, 4, 0, 0, 0, 0, 4),
       IPC(3, 5, 0, 0, 0, 0, 0, 0, 0, 5), IPC(0, 6, 4, 0, 0, 0, 0, 0, 0, 6),
       IPC(1, 3, 2, 0, 0, 0, 0, 0, 0, 0), IPC(2, 3, 2, 2, 0, 0, 0, 0, 0, 7),
       IPC(2, 3, 2, 0, 0, 0, 0, 0, 0, 8)),
    /* Two caps in one CALL into two receive slots; then a receiver naming
     * one slot twice refuses a second pair (rdx names cap 1). */
    KC("two-caps", LAYOUT, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1), IPC(3, 5, 0, 0x18, 0, 0, 4, 5, 0, 2),
       IPC(0, 3, 0, 6, 2, 3, 0, 0, 0, 3), 10, 5, 4, 10, 5, 5, IPC(3, 5, 0, 0x18, 0, 0, 6, 6, 0, 4),
       IPC(0, 3, 0, 6, 2, 3, 0, 0, 0, 5), IPC(0, 3, 0, 6, 3, 3, 0, 0, 0, 6)),
    /* A notification pending on the endpoint a server answers through:
     * its REPLY_RECV misses the fast path, replies, then takes it. */
    KC("reply-recv-pending", LAYOUT, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1),
       IPC(0, 5, 1, 0, 0, 0, 0, 0, 0, 2), IPC(4, 3, 0, 0, 0, 0, 0, 0, 0, 3),
       IPC(1, 3, 1, 0, 0, 0, 0, 0, 0, 0), IPC(2, 3, 1, 0, 0, 0, 0, 0, 0, 4),
       IPC(3, 5, 0, 0, 0, 0, 0, 0, 0, 5)),
    /* P0 makes an endpoint, sends it to P1 and is killed: its budget
     * stays charged until P1 drops the endpoint, then comes back. */
    KC("creator-dies", LAYOUT, 11, 1, 4, IPC(1, 3, 1, 8, 0, 0, 4, 0, 0, 0),
       IPC(0, 1, 1, 2, 4, 0, 0, 0, 0, 1), 7, 0, 5, 3, 4),
    /* Timed CALLs: one never received, one received and never answered. */
    KC("timeout", LAYOUT, IPC(0, 1, 1, 1, 0, 0, 0, 0, 2, 1), 8, 3,
       IPC(0, 2, 0, 1, 0, 0, 0, 0, 2, 2), 8, 1, IPC(2, 5, 0, 0, 0, 0, 0, 0, 0, 3)),
    /* A server killed while it owes a reply and waits in a nested call;
     * an endpoint's last cap goes while its receiver waits. */
    KC("kill-drop", LAYOUT, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1), IPC(0, 5, 1, 0, 0, 0, 0, 0, 0, 2), 7,
       2, IPC(1, 3, 1, 0, 0, 0, 0, 0, 0, 0), 7, 0, 5, 0, 1, IPC(1, 0, 3, 0, 0, 0, 0, 0, 0, 0), 5, 4,
       1, IPC(4, 3, 3, 0, 0, 0, 0, 0, 0, 5)),
    /* The last caps of an endpoint go while a caller waits for its reply
     * (P1 starts without E0): the caller wakes, the server owes nothing. */
    KC("last-cap-reply", 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1),
       5, 5, 0, IPC(0, 5, 1, 0, 0, 0, 0, 0, 0, 2), 5, 0, 0, 5, 2, 0,
       IPC(1, 0, 1, 0, 0, 0, 0, 0, 0, 0), IPC(2, 0, 1, 0, 0, 0, 0, 0, 0, 3)),
    /* Notifications to a waiting receiver, then pending and counted, and
     * caps refused with nobody to take them. */
    KC("notify", LAYOUT, IPC(4, 1, 0, 0, 0, 0, 0, 0, 0, 1), IPC(1, 5, 3, 0, 0, 0, 0, 0, 0, 0),
       IPC(4, 3, 3, 0, 0, 0, 0, 0, 0, 2), IPC(1, 5, 0, 0, 0, 0, 0, 0, 0, 0),
       IPC(4, 3, 3, 0, 0, 0, 0, 0, 0, 3), IPC(4, 3, 3, 0, 0, 0, 0, 0, 0, 4),
       IPC(4, 1, 1, 2, 1, 0, 0, 0, 0, 5), IPC(1, 0, 3, 0, 0, 0, 0, 0, 0, 0),
       IPC(1, 0, 3, 0, 0, 0, 0, 0, 0, 0), IPC(1, 0, 3, 0, 0, 0, 0, 0, 0, 0)),
    /* Attenuated copies, a widening refused, awkward slots (0xe0 +: the
     * process-control endpoint, process caps 10-12, 14, 15, 16, 0xffff);
     * rootd drops a process cap (the child dies with it). */
    KC("attenuate", LAYOUT, 6, 1, 1, 4, 1, 6, 1, 4, 5, 3, 6, 1, 0xe0, 5, 1, 6, 1, 1, 0xe3, 7, 5, 1,
       4, IPC(0, 1, 5, 0, 0, 0, 0, 0, 0, 0), 6, 0, 1, 0xe4, 1, 6, 0, 0xe1, 5, 1, 5, 0, 0xe1,
       IPC(0, 0, 0xe2, 0, 0, 0, 0, 0, 0, 0), IPC(0, 0, 0xe5, 2, 0xe6, 0, 0, 0, 0, 0)),
    /* A copy of the process-control endpoint travels to P2 on a CALL: its
     * family still decides (unknown op, CREATE_PROCESS denied, no IPC). */
    KC("control-travels", LAYOUT, 6, 0, 0xe0, 4, 1, IPC(0, 1, 0, 0, 0, 0, 0, 0, 0, 1),
       IPC(3, 5, 0, 8, 0, 0, 5, 0, 0, 2), IPC(0, 0, 0, 2, 4, 0, 0, 0, 0, 3),
       IPC(0, 5, 5, 0, 0, 0, 0, 0, 0, 4), IPC(0, 5, 5, 0x80, 0, 0, 0, 0, 1, 5),
       IPC(4, 5, 5, 0, 0, 0, 0, 0, 0, 6), IPC(3, 5, 5, 0, 0, 0, 0, 0, 0, 7),
       IPC(3, 5, 0, 0, 0, 0, 0, 0, 0, 8), 7, 2),
};

static int ipc_corpus(void)
{
	for (size_t i = 0; i < sizeof(ipc_seeds) / sizeof(ipc_seeds[0]); i++)
		if (write_file("ipc", ipc_seeds[i].name, 0, 0, ipc_seeds[i].prog, ipc_seeds[i].len))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_corpus <corpus dir>\n");
		return 2;
	}
	dir = argv[1];
	if (handoff_corpus() || elf_corpus() || bootinfo_corpus() || kcaps_corpus() ||
	    acpi_corpus() || ipc_corpus()) {
		fprintf(stderr, "make_corpus: failed\n");
		return 1;
	}
	return 0;
}
