/* Boot CPU setup: control registers and EFER, CPU hardening features found
 * by CPUID, the syscall MSRs, the per-CPU area in GS, and the small
 * machine-level primitives (port I/O, halt, debug exit, idle). */
#include "cpu.h"

#include <erix/debug_exit.h>

struct arch_cpu arch_cpu0;
extern uint8_t arch_boot_stack_top[]; /* entry.S */
bool arch_has_smap;
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

/* NX, write protection in ring 0, and SMEP/SMAP/UMIP where present. The
 * FPU/SSE is switched off (CR0.EM): the kernel saves no FPU state per
 * thread, so user code using it faults instead of seeing another thread's
 * registers. */
static void harden_control_regs(void)
{
	uint32_t r[4];
	uint64_t cr4 = read_cr4();

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE | EFER_SCE);
	write_cr0((read_cr0() | CR0_WP | CR0_EM | CR0_MP));
	cr4 &= ~(CR4_OSFXSR | CR4_OSXMMEXCPT);
	cpuid(0, 0, r);
	if (r[0] >= 7) {
		cpuid(7, 0, r);
		if (r[1] & (1u << 7))
			cr4 |= CR4_SMEP;
		if (r[1] & (1u << 20)) {
			cr4 |= CR4_SMAP;
			arch_has_smap = true;
		}
		if (r[2] & (1u << 2))
			cr4 |= CR4_UMIP;
	}
	write_cr4(cr4);
}

/* syscall enters at arch_syscall_entry on KERNEL_CS with IF, DF, TF, AC
 * and NT cleared; sysret returns on USER_CS/USER_DS (see cpu.h). */
static void init_syscall_msrs(void)
{
	wrmsr(MSR_STAR, ((uint64_t)SEL_KERNEL_DS << 48) | ((uint64_t)SEL_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)arch_syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC | RFLAGS_NT);
}

void arch_cpu_init(void)
{
	detect_phys_bits();
	arch_gdt_init(); /* reloads the segment registers: before GS base */
	arch_idt_init();
	harden_control_regs();
	init_syscall_msrs();
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)&arch_cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_FS_BASE, 0);
	arch_cpu0.fs_base = 0;
	/* The boot stack becomes this CPU's kernel stack once the scheduler
	 * starts: every entry from user mode lands at its top. */
	arch_cpu0.kstack_top = (uint64_t)(uintptr_t)arch_boot_stack_top;
	arch_tss.rsp[0] = arch_cpu0.kstack_top;
	arch_pic_disable();
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
