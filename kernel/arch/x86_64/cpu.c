/* Boot CPU setup: control registers, EFER, XCR0, PAT and debug registers
 * loaded from known values (nothing kept from the firmware), CPU hardening
 * features found by CPUID, the syscall and SYSENTER MSRs, the per-CPU area
 * in GS, and the small machine-level primitives (port I/O, halt, debug
 * exit, idle). */
#include "cpu.h"

#include <erix/debug_exit.h>

#include "paging.h"

struct arch_cpu arch_cpus[ARCH_MAX_CPUS] KPTI_BSS __attribute__((aligned(64)));
/* Where a CPU pushes the frame of an interrupt or exception from user
 * mode (TSS rsp0). It is mapped in the user page tables, so it only ever
 * holds the running thread's registers: vectors.S moves to the kernel
 * stack as soon as CR3 is the kernel's and wipes the frame once it is in
 * the TCB. No guard page: the deepest use is one frame (184 bytes). */
static uint8_t entry_stacks[ARCH_MAX_CPUS][512] KPTI_BSS __attribute__((aligned(16)));
_Static_assert(sizeof(entry_stacks[0]) >= 2 * sizeof(struct arch_trap_frame), "entry stack");
extern uint8_t arch_boot_stack_top[]; /* entry.S */
bool arch_has_smap;
uint64_t arch_cr4_base;
static unsigned phys_bits = 36;

static void detect_phys_bits(void)
{
	uint32_t r[4];

	cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000008) {
		cpuid(0x80000008, 0, r);
		if ((r[0] & 0xFF) >= 32 && (r[0] & 0xFF) <= 52)
			phys_bits = r[0] & 0xFF;
	}
}

/* Feature bits of CPUID leaves 1 and 7. */
#define CPUID1_EDX_MCE   (1u << 7)
#define CPUID1_EDX_PAT   (1u << 16)
#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID7_EBX_SMEP  (1u << 7)
#define CPUID7_EBX_SMAP  (1u << 20)
#define CPUID7_ECX_UMIP  (1u << 2)

static void xsetbv(uint32_t index, uint64_t v)
{
	__asm__ volatile("xsetbv" ::"c"(index), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* CR4 from scratch, nothing inherited from the firmware: PAE (long mode),
 * MCE where the CPU has it (else a machine check shuts the machine down
 * instead of reaching the #MC handler), SMEP/SMAP/UMIP where present. Left
 * off on purpose: OSFXSR/OSXMMEXCPT/OSXSAVE (threads have no FPU/SSE/AVX
 * state, CR0.EM), FSGSBASE (the kernel never switches GS/FS bases with
 * those instructions, so user code must not either), PCE (no user RDPMC),
 * TSD (user RDTSC stays allowed: user space times with it), PCIDE, PKE,
 * VME/PVI, LA57 (bl refused it). PGE follows in arch_paging_init, once the
 * kernel's own global mappings exist. */
static uint64_t build_cr4(void)
{
	uint32_t r[4];
	uint64_t cr4 = CR4_PAE;

	cpuid(1, 0, r);
	if (r[3] & CPUID1_EDX_MCE)
		cr4 |= CR4_MCE;
	cpuid(0, 0, r);
	if (r[0] < 7)
		return cr4;
	cpuid(7, 0, r);
	if (r[1] & CPUID7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (r[1] & CPUID7_EBX_SMAP) {
		cr4 |= CR4_SMAP;
		arch_has_smap = true;
	}
	if (r[2] & CPUID7_ECX_UMIP)
		cr4 |= CR4_UMIP;
	return cr4;
}

/* XCR0 = x87 only, whatever the firmware enabled (AVX, AVX-512, ...): with
 * CR4.OSXSAVE off afterwards no XSAVE or VEX instruction runs, and should a
 * later kernel turn OSXSAVE on, no extended state is enabled by accident.
 * XSETBV needs OSXSAVE, so it is set for exactly this one write. */
static void reset_xcr0(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[2] & CPUID1_ECX_XSAVE))
		return;
	write_cr4(read_cr4() | CR4_OSXSAVE);
	xsetbv(0, XCR0_X87);
}

/* NX, write protection in ring 0, native x87 error reporting, caching on
 * (CD/NW clear), no alignment checks (AM); the FPU/SSE is switched off
 * (CR0.EM): the kernel saves no FPU state per thread, so user code using
 * it faults instead of seeing another thread's registers. */
static void load_control_regs(void)
{
	uint32_t r[4];

	wrmsr(MSR_EFER, (rdmsr(MSR_EFER) & (EFER_LME | EFER_LMA)) | EFER_NXE | EFER_SCE);
	write_cr0(CR0_PG | CR0_PE | CR0_WP | CR0_NE | CR0_ET | CR0_EM | CR0_MP);
	reset_xcr0();
	arch_cr4_base = build_cr4();
	write_cr4(arch_cr4_base);
	cpuid(1, 0, r);
	if (r[3] & CPUID1_EDX_PAT)
		wrmsr(MSR_PAT, PAT_DEFAULT);
}

/* No hardware breakpoint or debug condition survives from the firmware. */
static void clear_debug_regs(void)
{
	uint64_t zero = 0, dr6 = DR6_CLEAR;

	__asm__ volatile("mov %0, %%dr7\n\t"
	                 "mov %0, %%dr0\n\t"
	                 "mov %0, %%dr1\n\t"
	                 "mov %0, %%dr2\n\t"
	                 "mov %0, %%dr3\n\t"
	                 "mov %1, %%dr6" ::"r"(zero),
	                 "r"(dr6));
}

/* syscall enters at arch_syscall_entry on KERNEL_CS with IF, DF, TF, AC
 * and NT cleared; sysret returns on USER_CS/USER_DS (see cpu.h). */
static void init_syscall_msrs(void)
{
	wrmsr(MSR_STAR, ((uint64_t)SEL_KERNEL_DS << 48) | ((uint64_t)SEL_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)arch_syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC | RFLAGS_NT);
	/* Compat-mode syscall cannot happen: the GDT has no 32-bit code
	 * segment and the LDT is null (gdt.c), so user code never runs in
	 * compatibility mode. CSTAR = 0 rather than a firmware address. */
	wrmsr(MSR_CSTAR, 0);
	/* SYSENTER: CS = 0 makes it #GP (Intel; AMD raises #UD in long mode). */
	wrmsr(MSR_SYSENTER_CS, 0);
	wrmsr(MSR_SYSENTER_ESP, 0);
	wrmsr(MSR_SYSENTER_EIP, 0);
}

/* CPU index's area in GS, its kernel stack (every entry from user mode
 * continues at its top) and its entry stack in its TSS. */
static void init_cpu_area(unsigned index, uint64_t kstack_top)
{
	struct arch_cpu *cpu = &arch_cpus[index];

	cpu->self = cpu;
	cpu->index = index;
	cpu->local = kernel_cpu_local(index);
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)cpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_FS_BASE, 0);
	cpu->fs_base = 0;
	cpu->kstack_top = kstack_top;
	cpu->entry_top = (uint64_t)(uintptr_t)(entry_stacks[index] + sizeof(entry_stacks[index]));
	arch_tss[index].rsp[0] = cpu->entry_top;
}

void arch_cpu_init(void)
{
	detect_phys_bits();
	arch_gdt_init(); /* reloads the segment registers: before GS base */
	/* The boot stack becomes this CPU's kernel stack once the scheduler
	 * starts. GS is set before the IDT: every handler reads it. */
	init_cpu_area(0, (uint64_t)(uintptr_t)arch_boot_stack_top);
	arch_idt_init();
	load_control_regs();
	clear_debug_regs();
	init_syscall_msrs();
	arch_pic_disable();
}

/* An AP, on its own kernel stack in the kernel's tables: the same machine
 * state as the boot CPU's, CR4 exactly the boot CPU's now (PGE or PCIDE
 * included, so its TLB rules are the same), and the boot CPU's paging
 * mode in its area. */
void arch_cpu_init_ap(unsigned index, uint64_t kstack_top, uint64_t cr4)
{
	struct arch_cpu *cpu = &arch_cpus[index];

	arch_cpu_load_tables(index);
	load_control_regs();
	write_cr4(cr4);
	clear_debug_regs();
	init_syscall_msrs();
	init_cpu_area(index, kstack_top);
	cpu->cr3_noflush = arch_cpus[0].cr3_noflush;
	cpu->user_pcid = arch_cpus[0].user_pcid;
	cpu->kpti = arch_cpus[0].kpti;
	arch_vspace_load_root(arch_kernel_pml4);
}

unsigned arch_phys_bits(void)
{
	return phys_bits;
}

uint8_t arch_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void arch_outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

uint32_t arch_inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void arch_outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" ::"a"(value), "Nd"(port));
}

void arch_outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" ::"a"(value), "Nd"(port));
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void arch_debug_exit(uint8_t code)
{
	arch_outb(ERIX_DEBUG_EXIT_PORT, code);
	arch_halt();
}

void arch_idle_wait(void)
{
	/* sti's one-instruction shadow makes sti;hlt atomic: a pending
	 * interrupt wakes the hlt rather than being taken before it. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
