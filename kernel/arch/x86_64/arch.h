/* The narrow interface between generic kernel code and the x86_64 CPU.
 * Generic code in kernel/ includes only this header for anything
 * architectural; inline assembly and privileged instructions live in
 * kernel/arch/x86_64/ and nowhere else. */
#ifndef ERIX_ARCH_H
#define ERIX_ARCH_H

#include <erix/layout.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

#define ARCH_NORETURN __attribute__((noreturn))

/* ---------------------------------------------------------------------
 * Early machine state. Called by kmain in this order.
 * ------------------------------------------------------------------- */

/* COM1 at 115200 8N1. Safe to call first, before anything else. */
void arch_serial_init(void);
void arch_serial_write(const char *s, size_t n);

/* GDT with kernel/user segments and a TSS (IST stacks for #DF, NMI, #MC),
 * IDT with a handler for every exception vector, EFER.NXE, CR0.WP, and
 * SMEP/SMAP/UMIP when CPUID reports them, syscall MSRs (STAR, LSTAR, FMASK
 * masking IF/DF/AC/TF), the per-CPU area in GS, legacy PICs masked.
 * Runs on the loader's page tables (the physmap is there already). */
void arch_cpu_init(void);

/* Physical address width (CPUID 0x80000008), 36 if not reported. */
unsigned arch_phys_bits(void);

/* Builds the kernel's own page tables and switches to them, leaving the
 * loader's behind: kernel ELF sections mapped W^X from the linker symbols
 * (.text RX, .rodata R+NX, .data/.bss RW+NX), the physmap of every RAM range
 * given (RW+NX, 2 MiB pages where aligned), nothing user-accessible, no
 * identity map. Page-table frames come from kmem_alloc_frame(). */
struct arch_ram_range {
	paddr_t base;
	uint64_t length;
};
int arch_paging_init(paddr_t kernel_phys_base, const struct arch_ram_range *ram, size_t n);

/* Translates va through the live page tables (the loader's before
 * arch_paging_init, the current VSpace after), 4 KiB, 2 MiB and 1 GiB
 * leaves. Returns 0, or ERIX_ERR_NOT_FOUND if va is not mapped. */
int arch_translate(vaddr_t va, paddr_t *pa);

/* Maps one MMIO page uncached into the physmap (kernel only, RW+NX), e.g.
 * the LAPIC. Returns 0 or an ERIX_ERR_* code. */
int arch_map_mmio(paddr_t pa, uint64_t length);

/* Maps the page of the I/O APIC register window at phys uncached and
 * masks every redirection entry. Returns 0 or an ERIX_ERR_* code. */
int arch_ioapic_mask_all(paddr_t phys);
bool arch_ioapic_all_masked(paddr_t phys); /* selftest */

static inline void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + ERIX_PHYSMAP_BASE);
}

/* LAPIC (x2APIC when CPUID has it, xAPIC MMIO otherwise); timer calibrated
 * from CPUID 0x15/0x16 when reported, else against the PIT over a short
 * window (well under 1 ms). Starts a periodic tick of `hz` that calls
 * kernel_timer_tick(). Returns 0, or ERIX_ERR_* if calibration failed. */
int arch_timer_init(unsigned hz);
uint64_t arch_tsc_khz(void);   /* valid after arch_timer_init */
paddr_t arch_lapic_phys(void); /* the LAPIC page, reserved from device untyped */

static inline uint64_t arch_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ---------------------------------------------------------------------
 * Stopping the machine.
 * ------------------------------------------------------------------- */

/* Writes code to the isa-debug-exit port (QEMU exits), then halts. */
ARCH_NORETURN void arch_debug_exit(uint8_t code);
/* Interrupts off, hlt forever. */
ARCH_NORETURN void arch_halt(void);
/* Idle: enable interrupts, hlt until the next one, disable again. */
void arch_idle_wait(void);

/* Port I/O for the kernel-control IOPORT ops (ports checked by the caller). */
uint8_t arch_inb(uint16_t port);
void arch_outb(uint16_t port, uint8_t value);

/* ---------------------------------------------------------------------
 * Address spaces. A VSpace is a PML4 whose upper half is the kernel's.
 * Intermediate table frames come from kmem_alloc_frame().
 * ------------------------------------------------------------------- */

#define ARCH_MAP_WRITE    0x1
#define ARCH_MAP_EXEC     0x2
#define ARCH_MAP_USER     0x4
#define ARCH_MAP_UNCACHED 0x8 /* PCD|PWT leaf (device frames); added by the arch layer */

int arch_vspace_create(paddr_t *root);  /* new PML4, kernel half shared */
void arch_vspace_destroy(paddr_t root); /* frees user-half tables via kmem_free_frame */
/* Maps one 4 KiB page at a page-aligned va below ERIX_USER_TOP. Refuses
 * WRITE|EXEC together (ERIX_ERR_INVALID_ARGUMENT) and a kernel frame
 * (ERIX_ERR_RANGE): the kernel image, or a kmem pool frame not allocated by
 * kmem_alloc_user_frame(). */
int arch_vspace_map(paddr_t root, vaddr_t va, paddr_t pa, unsigned flags);
int arch_vspace_unmap(paddr_t root, vaddr_t va, paddr_t *pa);
/* Looks up va; *flags gets ARCH_MAP_* of the leaf. Returns ERIX_ERR_NOT_FOUND if unmapped. */
int arch_vspace_lookup(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags);
void arch_vspace_activate(paddr_t root); /* loads CR3 if it differs */
paddr_t arch_kernel_root(void);          /* the kernel-only PML4 */

/* Copies between kernel memory and the *current* VSpace's user half. Fails
 * with ERIX_ERR_BAD_ADDRESS unless every byte lies below ERIX_USER_TOP and is
 * mapped user-accessible (and writable, for copy_to_user). Never faults. */
int arch_copy_from_user(void *dst, vaddr_t src, size_t n);
int arch_copy_to_user(vaddr_t dst, const void *src, size_t n);

/* ---------------------------------------------------------------------
 * Threads. Each thread has its own kernel stack (pages in a kernel stack
 * area with an unmapped guard page below each stack).
 * ------------------------------------------------------------------- */

#define ARCH_KSTACK_PAGES 4

struct arch_thread {
	uint64_t kernel_rsp; /* saved by arch_switch */
	vaddr_t kstack_top;  /* top of this thread's kernel stack */
	uint64_t fs_base;
};

/* Maps a kernel stack for thread slot `index` (< ARCH_MAX_KSTACKS), with a
 * guard page below; returns its top in *top. */
#define ARCH_MAX_KSTACKS 64
int arch_kstack_map(unsigned index, vaddr_t *top);

/* Prepares t so that the first arch_switch() to it enters user mode at
 * `entry` with rsp = user_sp, rdi = arg0, interrupts enabled. */
void arch_thread_init_user(struct arch_thread *t, vaddr_t kstack_top, vaddr_t entry,
                           vaddr_t user_sp, uint64_t arg0);
/* Prepares t so that the first arch_switch() to it calls fn(arg) in kernel
 * mode on its own stack; fn must never return. */
void arch_thread_init_kernel(struct arch_thread *t, vaddr_t kstack_top, void (*fn)(void *),
                             void *arg);
/* Saves the callee-saved state of `from` and resumes `to` (its kernel stack
 * becomes the TSS rsp0 and the syscall stack). The caller has already
 * activated to's VSpace. from may be NULL for the very first switch. */
void arch_switch(struct arch_thread *from, struct arch_thread *to);

/* ---------------------------------------------------------------------
 * Entries from the CPU into generic code (implemented in kernel/).
 * Interrupts are disabled throughout the kernel except in arch_idle_wait.
 * ------------------------------------------------------------------- */

/* Registers at syscall entry. The entry stub saves exactly this; the
 * outputs are written back to rax, rdx, r10, r8, r9 on return. */
struct arch_syscall_frame {
	uint64_t rdi, rsi, rdx, r10, r8, r9, rax;
	uint64_t user_rip, user_rflags, user_rsp;
};
void kernel_syscall(struct arch_syscall_frame *f);

/* A CPU exception taken in user mode: the generic code kills the current
 * thread (and never returns to it). */
void kernel_user_fault(unsigned vector, uint64_t error, uint64_t rip, uint64_t addr);

/* The periodic timer fired (EOI already sent). May switch threads. */
void kernel_timer_tick(void);

/* A CPU exception in kernel mode: arch prints
 * ERIX_KERNEL:FAIL:EXCEPTION_<NAME> with vector, error code, RIP and CR2,
 * then calls kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE) (kernel/exit.h). */

/* Exception names for markers: "PAGE_FAULT", "GENERAL_PROTECTION", ... */
const char *arch_exception_name(unsigned vector);

/* Exception selftest (feature kernel-selftest-exceptions): raises #UD, #BP,
 * #DE, #GP and a #PF on a kernel stack guard page in kernel mode and checks
 * each reached its handler with the right vector, then recovers. 0 = pass. */
int arch_selftest_exceptions(void);

/* Machine-state selftest (feature kernel-selftest-exceptions), after
 * arch_timer_init: CR0/CR4/EFER, debug registers, SYSENTER/CSTAR MSRs and
 * LDTR hold the values arch_cpu_init loaded, every LAPIC LVT but the timer
 * and both PICs are masked, writes to the GDT and IDT fault, and
 * arch_vspace_map refuses W+X, kernel frames and bad addresses. Prints the
 * registers it read; 0 = pass. */
int arch_selftest_machine_state(void);
/* Run first thing in kmain under the same feature: leaves firmware-like
 * junk in CR4 (PCE, TSD, FSGSBASE where present), DR0-3/DR7, SYSENTER and
 * CSTAR, so the state test proves arch_cpu_init overwrites it. */
void arch_selftest_dirty_machine_state(void);

/* Stack-overflow selftest (feature kernel-selftest-stack-overflow): runs
 * the current kernel stack into its guard page. The page fault cannot be
 * delivered there, so the CPU raises #DF on its IST stack, whose handler
 * prints ERIX_KERNEL:FAIL:EXCEPTION_DOUBLE_FAULT and exits 0x12. */
ARCH_NORETURN void arch_selftest_stack_overflow(void);

#endif
