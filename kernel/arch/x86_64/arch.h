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

#ifdef ERIX_HOST
/* Host tests (tests/host/arch_host.c): the physmap is a host buffer, so
 * phys <-> virt in generic code keeps working against it. */
extern uintptr_t arch_host_physmap_base;
#undef ERIX_PHYSMAP_BASE
#define ERIX_PHYSMAP_BASE arch_host_physmap_base
#endif

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
/* The I/O APIC at phys (mapped by arch_ioapic_mask_all): its pin count, a
 * pin routed masked to vector on this CPU, and a pin's mask. */
unsigned arch_ioapic_pins(paddr_t phys);
void arch_ioapic_route(paddr_t phys, unsigned pin, unsigned vector, bool level, bool active_low);
void arch_ioapic_mask(paddr_t phys, unsigned pin, bool masked);
/* Device interrupts: vectors ARCH_VECTOR_IRQ_BASE + line go to kernel_irq
 * (EOI sent after it returns); lines 0..15 are the legacy IRQs, the rest
 * MSI messages. */
#define ARCH_VECTOR_IRQ_BASE 0x30
#define ARCH_IRQ_LINES       32
#define ARCH_ISA_LINES       16
/* An MSI message to this CPU's LAPIC: its address and its data for a
 * fixed, edge-triggered vector. */
uint32_t arch_msi_address(void);
uint32_t arch_msi_data(unsigned vector);
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

/* i if i < n, else 0, computed without a branch the CPU could mispredict:
 * an index checked against n and then clamped by this cannot steer a
 * speculative load past the array (Spectre v1). The compare is inside the
 * asm so the compiler cannot fold it away after its own bounds check. */
static inline uint64_t arch_index_nospec(uint64_t i, uint64_t n)
{
	uint64_t mask;

	__asm__("cmp %2, %1\n\tsbb %0, %0" : "=r"(mask) : "r"(i), "r"(n) : "cc");
	return i & mask;
}

/* n words between two kernel pointers (physmap pages: the IPC buffer
 * copy); one string instruction, so the cost is n steps, not a loop's. */
static inline void arch_copy_words(uint64_t *dst, const uint64_t *src, uint64_t n)
{
	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static inline uint64_t arch_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* A spin-wait's step. */
static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* ---------------------------------------------------------------------
 * The kernel lock (lock.c): one test-and-set lock for the whole kernel, held by
 * a CPU whenever it runs kernel code past the entry stubs; arch_resume_user
 * and the idle wait drop it. kernel_lock_poll (generic) runs in a waiter's
 * loop: the holder's requests to this CPU are served there.
 * ------------------------------------------------------------------- */
void kernel_lock(void);
void kernel_unlock(void);
void kernel_lock_poll(void);
/* Served on the CPU running t while it waits for the lock at t's entry:
 * t's saved state is made resumable (a syscall not yet served runs again)
 * and the entry does not serve it. */
struct arch_thread;
void arch_stall_user(struct arch_thread *t);

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
/* 32- and 16-bit port I/O: the PCI configuration ports 0xCF8/0xCFC..0xCFF
 * (platform.c). */
uint32_t arch_inl(uint16_t port);
void arch_outl(uint16_t port, uint32_t value);
void arch_outw(uint16_t port, uint16_t value);

/* ---------------------------------------------------------------------
 * Address spaces. A VSpace is a PML4 whose upper half is the kernel's.
 * Intermediate table frames come from kmem_alloc_frame().
 * ------------------------------------------------------------------- */

#define ARCH_MAP_WRITE    0x1
#define ARCH_MAP_EXEC     0x2
#define ARCH_MAP_USER     0x4
#define ARCH_MAP_UNCACHED 0x8  /* PCD|PWT leaf (device frames); added by the arch layer */
#define ARCH_MAP_OWNED    0x10 /* the VSpace owns the frame: freed with it */
#define ARCH_MAP_FRAME    0x20 /* a frame cap's page (MAP_FRAME): its untyped counts it */

/* A new VSpace: arch_vspace_root_pages() kmem frames (the PML4, and the
 * user PML4 under KPTI), kernel half shared. */
int arch_vspace_create(paddr_t *root);
unsigned arch_vspace_root_pages(void);
/* Page-table isolation as arch_paging_init decided it (paging.c). */
struct arch_kpti_info {
	int on, pcid;
	const char *why;
	unsigned pages; /* kernel pages the user tables map */
};
void arch_kpti_info(struct arch_kpti_info *info);
/* Frees the user-half tables and owned leaf frames (kmem_free_frame) and
 * the root; says how many of each went, so the payer is refunded exactly.
 * frame_gone (may be NULL) is called with the address of every
 * ARCH_MAP_FRAME leaf, whose frame belongs to an untyped. */
struct arch_vspace_freed {
	uint64_t tables; /* including the root */
	uint64_t owned;
};
void arch_vspace_destroy(paddr_t root, struct arch_vspace_freed *freed,
                         void (*frame_gone)(paddr_t pa));
/* How many table frames (0..3) mapping va would take from kmem, and how
 * many mapping every page of [va, va + pages * 4 KiB) would. */
unsigned arch_vspace_tables_needed(paddr_t root, vaddr_t va);
unsigned arch_vspace_tables_needed_range(paddr_t root, vaddr_t va, uint64_t pages);
/* Maps one 4 KiB page at a page-aligned va below ERIX_USER_TOP. Refuses
 * WRITE|EXEC together (ERIX_ERR_INVALID_ARGUMENT) and a kernel frame
 * (ERIX_ERR_RANGE): the kernel image, or a kmem pool frame not allocated by
 * kmem_alloc_user_frame(). */
int arch_vspace_map(paddr_t root, vaddr_t va, paddr_t pa, unsigned flags);
int arch_vspace_unmap(paddr_t root, vaddr_t va, paddr_t *pa);
/* Looks up va; *flags gets ARCH_MAP_* of the leaf. Returns ERIX_ERR_NOT_FOUND if unmapped. */
int arch_vspace_lookup(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags);
paddr_t arch_kernel_root(void); /* the kernel-only PML4 */

/* Copies between kernel memory and the *current* VSpace's user half. Fails
 * with ERIX_ERR_BAD_ADDRESS unless every byte lies below ERIX_USER_TOP and is
 * mapped user-accessible (and writable, for copy_to_user). Never faults. */
int arch_copy_from_user(void *dst, vaddr_t src, size_t n);
/* ERIX_OK if every byte of [va, va + n) is user-readable in the current VSpace. */
int arch_user_readable(vaddr_t va, size_t n);
int arch_copy_to_user(vaddr_t dst, const void *src, size_t n);

/* ---------------------------------------------------------------------
 * Threads. One kernel stack per CPU: a user thread's whole user state lives
 * in its struct arch_regs, saved at every kernel entry and restored by
 * arch_resume_user, so a thread outside the CPU owns no kernel stack. Kernel
 * threads (selftests only) have a stack of their own and switch with
 * arch_switch.
 * ------------------------------------------------------------------- */

struct arch_regs {
	uint64_t rax, rbx, rcx, rsi, rdi, rbp;
	uint64_t rdx, r10, r8, r9; /* the message words, in ABI order: kctl reads them in place */
	uint64_t r11, r12, r13, r14, r15;
	uint64_t rip, rflags, rsp;
	uint64_t fs_base;
	uint64_t sysret; /* 1: entered by syscall, may leave by sysret (rcx, r11 clobbered) */
};

_Static_assert(__builtin_offsetof(struct arch_regs, r9) -
                       __builtin_offsetof(struct arch_regs, rdx) ==
                   3 * sizeof(uint64_t),
               "message words contiguous");

struct arch_thread {
	struct arch_regs regs; /* first: the entry stubs store through it */
	uint64_t kernel_rsp;   /* kernel threads: saved by arch_switch */
};

/* Kernel stacks of kernel threads (selftests): stack slot `index` (<
 * ARCH_MAX_KSTACKS) mapped with a guard page below; its top in *top. */
#define ARCH_KSTACK_PAGES 4
#define ARCH_MAX_KSTACKS  64
int arch_kstack_map(unsigned index, vaddr_t *top);

/* CPUs the kernel runs on (the boot CPU and the APs that answered); a
 * MADT naming more has the rest reported and left out. */
#define ARCH_MAX_CPUS         8
/* This CPU's index: 0 for the boot CPU, then the APs in the order they
 * started. A kernel path never changes CPU, so it may keep the value. */
#define ARCH_CPU_INDEX_OFFSET 96
/* The generic kernel's data for this CPU (kernel_cpu_local's answer for
 * its index), one load: the scheduler reaches its run queues through it. */
#define ARCH_CPU_LOCAL_OFFSET 104
void *kernel_cpu_local(unsigned index);
#ifdef ERIX_HOST
unsigned arch_cpu_index(void);
void *arch_cpu_local(void);
#else
static inline unsigned arch_cpu_index(void)
{
	uint64_t i;

	__asm__("movq %%gs:%c1, %0" : "=r"(i) : "i"(ARCH_CPU_INDEX_OFFSET));
	return (unsigned)i;
}
static inline void *arch_cpu_local(void)
{
	void *p;

	__asm__("movq %%gs:%c1, %0" : "=r"(p) : "i"(ARCH_CPU_LOCAL_OFFSET));
	return p;
}
#endif

/* Sets t up to enter user mode at `entry` with rsp = user_sp, rdi = arg0,
 * every other register zero, interrupts enabled (leaves through iret). */
void arch_thread_init_user(struct arch_thread *t, vaddr_t entry, vaddr_t user_sp, uint64_t arg0);
/* Prepares a kernel thread so that the first arch_switch() to it calls
 * fn(arg) on its own stack; fn must never return. */
void arch_thread_init_kernel(struct arch_thread *t, vaddr_t kstack_top, void (*fn)(void *),
                             void *arg);
/* Saves the callee-saved state of kernel context `from` and resumes `to`. */
void arch_switch(struct arch_thread *from, struct arch_thread *to);
/* Returns to user mode in t (whose VSpace is active). Only on this CPU's
 * kernel stack. */
ARCH_NORETURN void arch_resume_user(struct arch_thread *t);
/* Moves to the top of this CPU's kernel stack and calls fn there. */
ARCH_NORETURN void arch_run_on_cpu_stack(void (*fn)(void));
/* Makes user thread t current on this CPU before it is resumed: the
 * VSpace root (CR3 loaded only if the CPU holds another) and t's FS base
 * (written only if it differs). One call: the scheduler and the IPC fast
 * path switch through it. */
void arch_switch_to_user(const struct arch_thread *t, paddr_t root);
/* This CPU goes to the kernel's own tables (idle, or its thread stopped):
 * it holds no VSpace, so no shootdown needs it. */
void arch_vspace_leave(void);
/* Vectors >= 32 that arrived with nothing routed to them. */
uint64_t arch_spurious_count(void);

/* ---------------------------------------------------------------------
 * Entries from the CPU into generic code (implemented in kernel/).
 * Interrupts are disabled throughout the kernel except in arch_idle_wait.
 * ------------------------------------------------------------------- */

/* A syscall: r holds the caller's registers (rax = number, arguments in
 * rdi, rsi, rdx, r10, r8, r9; outputs written back into r). Returns the
 * thread to resume, which may be another one. */
struct arch_thread *kernel_syscall(struct arch_regs *r);

/* A CPU exception taken in user mode: the generic code sends a page fault
 * to the thread's pager or kills the current thread; the caller then
 * resumes whatever kernel_next() chooses. */
#define ARCH_VECTOR_PAGE_FAULT 14
/* ERIX_FAULT_* bits of a page fault's error code. */
unsigned arch_page_fault_access(uint64_t error);
void kernel_user_fault(unsigned vector, uint64_t error, uint64_t rip, uint64_t addr);

/* The periodic timer fired (EOI already sent). from_user: it interrupted
 * the current user thread. */
void kernel_timer_tick(bool from_user);

/* Starts the application processors ids[0..n) (the boot CPU's own ID is
 * skipped, at most ARCH_MAX_CPUS in all) through the trampoline page tramp
 * (below 1 MiB, RAM), each on a kernel stack of its own; *online counts
 * the CPUs running, the boot CPU included, which get indexes 0 .. *online
 * - 1. An AP that does not answer in time is reported and left out. The
 * APs wait for arch_smp_release, then call sched_start_ap. */
int arch_smp_start(paddr_t tramp, const uint32_t *ids, unsigned n, unsigned *online);
void arch_smp_release(void);
unsigned arch_smp_cpus(void);
/* An IPI to CPU cpu: it enters the kernel (kernel_next reschedules). */
void arch_smp_kick(unsigned cpu);

/* Legacy IRQ line `irq` (0 .. ARCH_IRQ_LINES - 1) raised its vector. */
void kernel_irq(unsigned irq);

/* The thread to resume after a trap from user mode. */
struct arch_thread *kernel_next(void);

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
