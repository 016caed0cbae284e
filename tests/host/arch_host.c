/* The arch layer on the host, for tests of the generic kernel code: a
 * physical-memory buffer behind arch_phys_to_virt, four-level user page
 * tables in it with the real layer's checks (W^X, no kernel frames, busy
 * leaves, exact table counts, owned leaves freed on destroy), user copies
 * over one fake user range, and aborts for everything that would need a
 * CPU (context switches, user entry, idling). */
#include "arch_host.h"

#include <erix/errors.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "exit.h"
#include "fbcon.h"
#include "kmem_pool.h"
#include "platform.h"

#define PT_ENTRIES 512
#define PTE_P      0x800ull /* present; the ARCH_MAP_* flags sit in bits 0..5 */
#define PTE_FLAGS  0x3full
#define PTE_ADDR   (~0xfffull)
#define MAP_FLAGS_KNOWN                                                                            \
	(ARCH_MAP_WRITE | ARCH_MAP_EXEC | ARCH_MAP_USER | ARCH_MAP_UNCACHED | ARCH_MAP_OWNED |     \
	 ARCH_MAP_FRAME)

static uint8_t phys[HOST_PHYS_BYTES] __attribute__((aligned(4096)));
uintptr_t arch_host_physmap_base = (uintptr_t)phys;
uint8_t host_user_mem[HOST_USER_BYTES];
struct boot_info boot_info;

static char console[16384];
static size_t console_len;
static uint64_t pool_frames;

static ARCH_NORETURN void host_abort(const char *what)
{
	fprintf(stderr, "arch_host: %s is not available on the host\n", what);
	abort();
}

void host_phys_reset(void)
{
	memset(phys, 0x5a, sizeof(phys)); /* kmem must zero what it hands out */
	kmem_init(HOST_POOL_BASE, HOST_PHYS_BYTES - HOST_POOL_BASE);
	pool_frames = kmem_free_count();
}

uint64_t host_pool_frames(void)
{
	return pool_frames;
}

/* ---------------------------------------------------------- console */

void arch_serial_write(const char *s, size_t n)
{
	static int verbose = -1;

	if (verbose < 0)
		verbose = getenv("ERIX_HOST_VERBOSE") != NULL;
	if (verbose)
		fwrite(s, 1, n, stderr);
	for (size_t i = 0; i < n && console_len + 1 < sizeof(console); i++)
		console[console_len++] = s[i];
	console[console_len] = 0;
}

const char *host_console(void)
{
	return console;
}

void host_console_reset(void)
{
	console_len = 0;
	console[0] = 0;
}

void kernel_exit(uint8_t code)
{
	fprintf(stderr, "arch_host: kernel_exit(0x%x)\n", code);
	abort();
}

void kernel_fail(const char *marker)
{
	fprintf(stderr, "arch_host: kernel_fail: %s\n", marker);
	abort();
}

void kernel_user_fault(unsigned vector, uint64_t error, uint64_t rip, uint64_t addr)
{
	fprintf(stderr, "arch_host: user fault %u err %lx rip %lx addr %lx\n", vector,
	        (unsigned long)error, (unsigned long)rip, (unsigned long)addr);
	abort();
}

/* ---------------------------------------------------------- vspaces */

static uint64_t *table_of(paddr_t pa)
{
	return arch_phys_to_virt(pa);
}

static unsigned pt_index(vaddr_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

unsigned arch_vspace_root_pages(void)
{
	return 1;
}

int arch_vspace_create(paddr_t *root)
{
	paddr_t frame = kmem_alloc_frame();

	if (!frame)
		return ERIX_ERR_NO_MEMORY;
	*root = frame;
	return ERIX_OK;
}

static void free_table(paddr_t table, unsigned level, struct arch_vspace_freed *freed,
                       void (*frame_gone)(paddr_t))
{
	uint64_t *t = table_of(table);

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level > 1) {
			free_table(t[i] & PTE_ADDR, level - 1, freed, frame_gone);
		} else if (t[i] & ARCH_MAP_OWNED) {
			kmem_free_frame(t[i] & PTE_ADDR);
			freed->owned++;
		} else if ((t[i] & ARCH_MAP_FRAME) && frame_gone) {
			frame_gone(t[i] & PTE_ADDR);
		}
	}
	kmem_free_frame(table);
	freed->tables++;
}

void arch_vspace_destroy(paddr_t root, struct arch_vspace_freed *freed,
                         void (*frame_gone)(paddr_t pa))
{
	freed->tables = freed->owned = 0;
	if (root)
		free_table(root, 4, freed, frame_gone);
}

unsigned arch_vspace_tables_needed(paddr_t root, vaddr_t va)
{
	uint64_t *table = table_of(root);

	for (unsigned level = 4; level > 1; level--) {
		uint64_t e = table[pt_index(va, level)];

		if (!(e & PTE_P))
			return level - 1;
		table = table_of(e & PTE_ADDR);
	}
	return 0;
}

/* The entry of va at level (1 = PT .. 4 = PML4), 0 when it or a table
 * above it is missing. */
static uint64_t entry_at(paddr_t root, vaddr_t va, unsigned level)
{
	uint64_t *table = table_of(root);

	for (unsigned l = 4; l > level; l--) {
		uint64_t e = table[pt_index(va, l)];

		if (!(e & PTE_P))
			return 0;
		table = table_of(e & PTE_ADDR);
	}
	return table[pt_index(va, level)] & PTE_P;
}

unsigned arch_vspace_tables_needed_range(paddr_t root, vaddr_t va, uint64_t pages)
{
	vaddr_t end = va + pages * ERIX_PAGE_SIZE;
	unsigned n = 0;

	for (unsigned level = 2; level <= 4; level++) {
		uint64_t span = 1ull << (12 + 9 * (level - 1));

		for (vaddr_t v = va & ~(span - 1); v < end; v += span)
			if (!entry_at(root, v, level))
				n++;
	}
	return n;
}

static int user_va_ok(vaddr_t va)
{
	return va < ERIX_USER_TOP && !(va & (ERIX_PAGE_SIZE - 1));
}

/* The leaf entry of va, creating the tables above it if asked; a table
 * frame kmem cannot give is ERIX_ERR_NO_MEMORY, with the tables made so
 * far left in the tree (as the real walker does). */
static int walk(paddr_t root, vaddr_t va, int create, uint64_t **out)
{
	uint64_t *table = table_of(root);

	for (unsigned level = 4; level > 1; level--) {
		uint64_t *e = &table[pt_index(va, level)];

		if (!(*e & PTE_P)) {
			paddr_t t;

			if (!create)
				return ERIX_ERR_NOT_FOUND;
			t = kmem_alloc_frame();
			if (!t)
				return ERIX_ERR_NO_MEMORY;
			*e = t | PTE_P;
		}
		table = table_of(*e & PTE_ADDR);
	}
	*out = &table[pt_index(va, 1)];
	return ERIX_OK;
}

int arch_vspace_map(paddr_t root, vaddr_t va, paddr_t pa, unsigned flags)
{
	uint64_t *e;
	int err;

	if (!root || !user_va_ok(va) || (pa & (ERIX_PAGE_SIZE - 1)) || pa >= HOST_PHYS_BYTES ||
	    (flags & ~MAP_FLAGS_KNOWN))
		return ERIX_ERR_INVALID_ARGUMENT;
	if ((flags & ARCH_MAP_WRITE) && (flags & ARCH_MAP_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (kmem_frame_is_kernel(pa))
		return ERIX_ERR_RANGE;
	err = walk(root, va, 1, &e);
	if (err)
		return err;
	if (*e & PTE_P)
		return ERIX_ERR_BUSY;
	*e = pa | PTE_P | flags;
	return ERIX_OK;
}

static int find_leaf(paddr_t root, vaddr_t va, uint64_t **e)
{
	if (!root || !user_va_ok(va))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (walk(root, va, 0, e) || !(**e & PTE_P))
		return ERIX_ERR_NOT_FOUND;
	return ERIX_OK;
}

int arch_vspace_unmap(paddr_t root, vaddr_t va, paddr_t *pa)
{
	uint64_t *e;
	int err = find_leaf(root, va, &e);

	if (err)
		return err;
	if (pa)
		*pa = *e & PTE_ADDR;
	*e = 0;
	return ERIX_OK;
}

int arch_vspace_lookup(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags)
{
	uint64_t *e;
	int err = find_leaf(root, va, &e);

	if (err)
		return err;
	if (pa)
		*pa = *e & PTE_ADDR;
	if (flags)
		*flags = (unsigned)(*e & PTE_FLAGS);
	return ERIX_OK;
}

HOST_NO_COVERAGE static uint64_t count_leaves(paddr_t table, unsigned level)
{
	uint64_t *t = table_of(table), n = 0;

	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (t[i] & PTE_P)
			n += level > 1 ? count_leaves(t[i] & PTE_ADDR, level - 1) : 1;
	return n;
}

HOST_NO_COVERAGE uint64_t host_vspace_leaves(paddr_t root)
{
	return count_leaves(root, 4);
}

HOST_NO_COVERAGE static uint64_t count_tables(paddr_t table, unsigned level)
{
	uint64_t *t = table_of(table), n = 1;

	for (unsigned i = 0; level > 1 && i < PT_ENTRIES; i++)
		if (t[i] & PTE_P)
			n += count_tables(t[i] & PTE_ADDR, level - 1);
	return n;
}

HOST_NO_COVERAGE uint64_t host_vspace_tables(paddr_t root)
{
	return count_tables(root, 4);
}

void arch_switch_to_user(const struct arch_thread *t, paddr_t root)
{
	(void)t;
	(void)root;
}

paddr_t arch_kernel_root(void)
{
	return 0;
}

/* ------------------------------------------------------ user copies */

/* Every byte of [va, va + n) lies in the fake user range. */
static int user_range_ok(vaddr_t va, size_t n)
{
	return va >= HOST_USER_BASE && va - HOST_USER_BASE <= HOST_USER_BYTES &&
	       n <= HOST_USER_BYTES - (va - HOST_USER_BASE);
}

int arch_user_readable(vaddr_t va, size_t n)
{
	return n == 0 || user_range_ok(va, n) ? ERIX_OK : ERIX_ERR_BAD_ADDRESS;
}

int arch_copy_from_user(void *dst, vaddr_t src, size_t n)
{
	if (n == 0)
		return ERIX_OK;
	if (!user_range_ok(src, n))
		return ERIX_ERR_BAD_ADDRESS;
	memcpy(dst, &host_user_mem[src - HOST_USER_BASE], n);
	return ERIX_OK;
}

int arch_copy_to_user(vaddr_t dst, const void *src, size_t n)
{
	if (n == 0)
		return ERIX_OK;
	if (!user_range_ok(dst, n))
		return ERIX_ERR_BAD_ADDRESS;
	memcpy(&host_user_mem[dst - HOST_USER_BASE], src, n);
	return ERIX_OK;
}

/* ---------------------------------------------------------- threads */

void arch_thread_init_user(struct arch_thread *t, vaddr_t entry, vaddr_t user_sp, uint64_t arg0)
{
	memset(&t->regs, 0, sizeof(t->regs));
	t->regs.rip = entry;
	t->regs.rsp = user_sp;
	t->regs.rdi = arg0;
	t->regs.rflags = 0x202;
}

void arch_thread_init_kernel(struct arch_thread *t, vaddr_t kstack_top, void (*fn)(void *),
                             void *arg)
{
	(void)t;
	(void)kstack_top;
	(void)fn;
	(void)arg;
	host_abort("arch_thread_init_kernel");
}

void arch_switch(struct arch_thread *from, struct arch_thread *to)
{
	(void)from;
	(void)to;
	host_abort("arch_switch");
}

void arch_resume_user(struct arch_thread *t)
{
	(void)t;
	host_abort("arch_resume_user");
}

void arch_run_on_cpu_stack(void (*fn)(void))
{
	(void)fn;
	host_abort("arch_run_on_cpu_stack");
}

int arch_kstack_map(unsigned index, vaddr_t *top)
{
	(void)index;
	(void)top;
	host_abort("arch_kstack_map");
}

void arch_idle_wait(void)
{
	host_abort("arch_idle_wait (nothing ready)");
}

/* ------------------------------------------------- devices and time */

uint8_t arch_inb(uint16_t port)
{
	(void)port;
	return 0xff;
}

void arch_outb(uint16_t port, uint8_t value)
{
	(void)port;
	(void)value;
}

uint64_t arch_tsc_khz(void)
{
	return 0; /* READ_MONOTONIC_CLOCK: ERIX_ERR_NOT_FOUND */
}

void arch_debug_exit(uint8_t code)
{
	kernel_exit(code);
}

void arch_halt(void)
{
	host_abort("arch_halt");
}

/* READ_PLATFORM_CAPS: the host has no firmware tables (platform.c, which
 * walks them, is not part of the host build). */
enum erix_err platform_op_read_caps(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	(void)ep;
	(void)w;
	out[0] = 0;
	return ERIX_OK;
}

/* No I/O APIC on the host: platform.ioapic_count stays 0, so IRQ_BIND finds
 * no pin (ERIX_ERR_NOT_FOUND) and these never run for a real line. */
struct platform platform;

/* Tests may give the host an I/O APIC (platform.ioapic_count and this). */
unsigned host_ioapic_pins;

unsigned arch_ioapic_pins(paddr_t phys)
{
	(void)phys;
	return host_ioapic_pins;
}

void arch_ioapic_route(paddr_t phys, unsigned pin, unsigned vector, bool level, bool active_low)
{
	(void)phys, (void)pin, (void)vector, (void)level, (void)active_low;
}

void arch_ioapic_mask(paddr_t phys, unsigned pin, bool masked)
{
	(void)phys, (void)pin, (void)masked;
}

/* READ_ACPI_QWORDS and READ_PCI_CONFIG_DWORD: no firmware tables and no
 * PCI on the host (their pure parts, acpi.c and pci.c, are tested in
 * test_acpi and test_pci). */
enum erix_err platform_op_read_acpi_qwords(const struct endpoint *ep, const uint64_t *w,
                                           uint64_t *out)
{
	(void)ep;
	(void)w;
	(void)out;
	return ERIX_ERR_NOT_FOUND;
}

enum erix_err platform_op_read_pci_config(const struct endpoint *ep, const uint64_t *w,
                                          uint64_t *out)
{
	(void)ep;
	(void)w;
	(void)out;
	return ERIX_ERR_NOT_FOUND;
}

/* No PCI on the host: every function is absent. */
enum erix_err platform_pci_config(uint64_t bus, uint64_t dev, uint64_t fn, uint64_t off,
                                  const uint32_t *write, uint32_t *read)
{
	(void)bus, (void)dev, (void)fn, (void)off, (void)write;
	if (read)
		*read = 0xFFFFFFFF;
	return ERIX_OK;
}

/* The generated font (build/gen/fbfont.c) is not in the host build: a
 * blank one of the same shape. */
static const uint8_t host_glyphs[FBCON_GLYPHS * 16];
const struct fbcon_font fbcon_font = {
    .width = 8, .height = 16, .row_bytes = 1, .glyphs = host_glyphs};

uint32_t arch_msi_address(void)
{
	return 0xFEE00000u;
}

uint32_t arch_msi_data(unsigned vector)
{
	return vector;
}

/* Tests may put PCI functions on the host (a hot-plug port for hotplug.c):
 * without these hooks every function is absent. */
uint32_t (*host_pci_read)(uint16_t bdf, unsigned off);
void (*host_pci_write)(uint16_t bdf, unsigned off, uint32_t v);
void (*host_pci_write16)(uint16_t bdf, unsigned off, uint16_t v);

uint32_t platform_pci_read(uint16_t bdf, unsigned off)
{
	return host_pci_read ? host_pci_read(bdf, off) : 0xFFFFFFFF;
}

void platform_pci_write(uint16_t bdf, unsigned off, uint32_t v)
{
	if (host_pci_write)
		host_pci_write(bdf, off, v);
}

void platform_pci_write16(uint16_t bdf, unsigned off, uint16_t v)
{
	if (host_pci_write16)
		host_pci_write16(bdf, off, v);
}

/* One CPU on the host: the kernel lock and the cross-CPU requests have
 * nobody to wait for or ask. */
unsigned arch_cpu_index(void)
{
	return 0;
}

void kernel_lock(void)
{
}

void kernel_unlock(void)
{
}

void *arch_cpu_local(void)
{
	return kernel_cpu_local(0);
}

void arch_stall_user(struct arch_thread *t)
{
	(void)t;
}

void arch_vspace_leave(void)
{
}

void arch_smp_kick(unsigned cpu)
{
	(void)cpu;
}

unsigned arch_smp_cpus(void)
{
	return 1;
}

void smp_stall(unsigned cpu, struct tcb *t)
{
	(void)cpu;
	(void)t;
}

void arch_smp_release(void)
{
}
