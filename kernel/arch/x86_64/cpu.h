/* Private x86_64 definitions shared by the arch files: segment selectors,
 * MSR and control-register bits, the per-CPU area (also used from assembly,
 * hence the offsets) and the internal entry points between arch files. */
#ifndef ERIX_ARCH_X86_64_CPU_H
#define ERIX_ARCH_X86_64_CPU_H

/* GDT layout: STAR[47:32] = KERNEL_CS, STAR[63:48] = KERNEL_DS so that
 * sysret loads CS = KERNEL_DS + 16 = USER_CS and SS = KERNEL_DS + 8 = USER_DS. */
#define SEL_KERNEL_CS 0x08
#define SEL_KERNEL_DS 0x10
#define SEL_USER_DS   0x1b /* 0x18 | RPL 3 */
#define SEL_USER_CS   0x23 /* 0x20 | RPL 3 */
#define SEL_TSS       0x28

/* Per-CPU area, reached through GS in kernel mode (offsets used by .S). */
#define CPU_KSTACK_TOP    0  /* top of this CPU's kernel stack */
#define CPU_USER_RSP      8  /* syscall entry scratch for the user rsp */
#define CPU_CURRENT_REGS  16 /* struct arch_regs of the user thread on this CPU */
#define CPU_FS_BASE       24 /* FS base currently loaded in the MSR */
/* KPTI (paging.c): the CR3 values the entry and exit paths load. */
#define CPU_KERNEL_CR3    32  /* the current VSpace's kernel tables (+ no-flush bit) */
#define CPU_USER_CR3      40  /* its user tables, loaded on the way out */
#define CPU_USER_CR3_NEXT 48  /* what CPU_USER_CR3 becomes after that load */
#define CPU_USER_ROOT     56  /* physical address of the user tables */
#define CPU_EXIT_SCRATCH  64  /* one user register across the exit's CR3 load */
#define CPU_ENTRY_TOP     72  /* top of the entry stack (TSS rsp0) */
#define CPU_KPTI          80  /* nonzero: entry and exit switch CR3 */
#define CPU_SELF          88  /* this area's own address (C reads it through GS) */
#define CPU_INDEX         96  /* 0 for the boot CPU, then in the order APs started */
#define CPU_LOCAL         104 /* the generic kernel's per-CPU data (kernel_cpu_local) */
/* struct arch_lock offsets (lock.c; syscall.S takes a free lock inline). */
#define LOCK_LOCKED       0

/* struct arch_regs offsets (arch.h). */
#define R_RAX    0
#define R_RBX    8
#define R_RCX    16
#define R_RSI    24
#define R_RDI    32
#define R_RBP    40
#define R_RDX    48 /* rdx, r10, r8, r9: the message words, contiguous */
#define R_R10    56
#define R_R8     64
#define R_R9     72
#define R_R11    80
#define R_R12    88
#define R_R13    96
#define R_R14    104
#define R_R15    112
#define R_RIP    120
#define R_RFLAGS 128
#define R_RSP    136
#define R_FSBASE 144
#define R_SYSRET 152

/* struct arch_thread offsets. */
#define THREAD_KERNEL_RSP 160

/* TSS field offsets. */
#define TSS_RSP0 4

#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101

#define RFLAGS_IF        0x200
#define RFLAGS_RESERVED1 0x2

#ifndef __ASSEMBLER__

#include "arch.h"

#include <stdbool.h>

#define MSR_APIC_BASE      0x1B
#define MSR_SYSENTER_CS    0x174
#define MSR_SYSENTER_ESP   0x175
#define MSR_SYSENTER_EIP   0x176
#define MSR_PAT            0x277
#define MSR_EFER           0xC0000080
#define MSR_STAR           0xC0000081
#define MSR_LSTAR          0xC0000082
#define MSR_CSTAR          0xC0000083
#define MSR_FMASK          0xC0000084
#define MSR_KERNEL_GS_BASE 0xC0000102

#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

#define CR0_PE         (1ull << 0)
#define CR0_MP         (1ull << 1)
#define CR0_EM         (1ull << 2)
#define CR0_ET         (1ull << 4)
#define CR0_NE         (1ull << 5)
#define CR0_WP         (1ull << 16)
#define CR0_PG         (1ull << 31)
#define CR4_TSD        (1ull << 2)
#define CR4_PAE        (1ull << 5)
#define CR4_MCE        (1ull << 6)
#define CR4_PGE        (1ull << 7)
#define CR4_PCE        (1ull << 8)
#define CR4_OSFXSR     (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_UMIP       (1ull << 11)
#define CR4_LA57       (1ull << 12)
#define CR4_FSGSBASE   (1ull << 16)
#define CR4_PCIDE      (1ull << 17)
#define CR4_OSXSAVE    (1ull << 18)
#define CR4_SMEP       (1ull << 20)
#define CR4_SMAP       (1ull << 21)
#define CR4_PKE        (1ull << 22)

#define XCR0_X87    1ull
/* The power-on PAT: WB, WT, UC-, UC, repeated (PCD|PWT = UC for MMIO). */
#define PAT_DEFAULT 0x0007040600070406ull
/* DR6 and DR7 with no debug condition and no breakpoint: only their
 * reserved-as-one bits set. */
#define DR6_CLEAR   0xFFFF0FF0ull
#define DR7_CLEAR   0x400ull

#define RFLAGS_TF 0x100
#define RFLAGS_DF 0x400
#define RFLAGS_NT 0x4000
#define RFLAGS_AC 0x40000

#define VEC_DEBUG         1
#define VEC_DOUBLE_FAULT  8
#define VEC_NMI           2
#define VEC_PAGE_FAULT    14
#define VEC_MACHINE_CHECK 18
#define VEC_TIMER         0x20
#define VEC_IPI           0xE0 /* a kick from another CPU (smp.c) */
#define VEC_PIC_BASE      0xF0 /* the masked 8259s: 0xF0..0xFF */
#define VEC_PIC_SPURIOUS  0xF7 /* IRQ 7 of the remapped, masked 8259 */
#define VEC_SPURIOUS      0xFF

/* IST indices in the TSS. */
#define IST_DOUBLE_FAULT  1
#define IST_NMI           2
#define IST_MACHINE_CHECK 3
#define IST_DEBUG         4 /* #DB: a user-set TF or a stray breakpoint */
#define IST_COUNT         4

/* The per-CPU area is mapped in the user page tables (it is what the entry
 * path reads before it can switch CR3), so it holds addresses, counters and
 * the current thread's own register values, never a kernel secret. */
struct arch_cpu {
	uint64_t kstack_top;
	uint64_t user_rsp;
	struct arch_regs *current_regs;
	uint64_t fs_base;
	uint64_t kernel_cr3;
	uint64_t user_cr3;
	uint64_t user_cr3_next;
	uint64_t user_root;
	uint64_t exit_scratch;
	uint64_t entry_top;
	uint64_t kpti;
	struct arch_cpu *self;
	uint64_t index;
	void *local;
	uint64_t spurious; /* vectors >= 32 that nothing is routed to */
	uint32_t apic_id;
	uint32_t stalled;  /* arch_stall_user ran while this CPU waited for the lock */
	uint32_t unlocked; /* kernel_unlock ran (the idle wait): kernel_lock not since */
	/* C only: the kernel PML4 in CR3 (kernel_cr3 without flags), and the
	 * PCID bits every root load adds (0 without PCID). */
	uint64_t root;
	uint64_t cr3_noflush; /* CR3_NOFLUSH or 0 */
	uint64_t user_pcid;   /* KPTI_USER_PCID or 0 */
	/* Exception selftest: while armed, a kernel-mode exception is recorded
	 * and execution resumes at recover_rip/recover_rsp. */
	bool selftest_armed;
	unsigned selftest_vector;
	unsigned selftest_hits;
	uint64_t selftest_cr2;
	uint64_t recover_rip;
	uint64_t recover_rsp;
};
_Static_assert(__builtin_offsetof(struct arch_cpu, kstack_top) == CPU_KSTACK_TOP, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, user_rsp) == CPU_USER_RSP, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, current_regs) == CPU_CURRENT_REGS, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, fs_base) == CPU_FS_BASE, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, kernel_cr3) == CPU_KERNEL_CR3, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, user_cr3) == CPU_USER_CR3, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, user_cr3_next) == CPU_USER_CR3_NEXT, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, user_root) == CPU_USER_ROOT, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, exit_scratch) == CPU_EXIT_SCRATCH, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, entry_top) == CPU_ENTRY_TOP, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, kpti) == CPU_KPTI, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, self) == CPU_SELF, "cpu");
_Static_assert(__builtin_offsetof(struct arch_cpu, index) == CPU_INDEX, "cpu");
_Static_assert(CPU_INDEX == ARCH_CPU_INDEX_OFFSET, "arch.h reads the index there");
_Static_assert(__builtin_offsetof(struct arch_cpu, local) == CPU_LOCAL, "cpu");
_Static_assert(CPU_LOCAL == ARCH_CPU_LOCAL_OFFSET, "arch.h reads the pointer there");
#define REG_OFFSET(f, off) _Static_assert(__builtin_offsetof(struct arch_regs, f) == off, #f)
REG_OFFSET(rax, R_RAX);
REG_OFFSET(rbx, R_RBX);
REG_OFFSET(rcx, R_RCX);
REG_OFFSET(rdx, R_RDX);
REG_OFFSET(rsi, R_RSI);
REG_OFFSET(rdi, R_RDI);
REG_OFFSET(rbp, R_RBP);
REG_OFFSET(r8, R_R8);
REG_OFFSET(r9, R_R9);
REG_OFFSET(r10, R_R10);
REG_OFFSET(r11, R_R11);
REG_OFFSET(r12, R_R12);
REG_OFFSET(r13, R_R13);
REG_OFFSET(r14, R_R14);
REG_OFFSET(r15, R_R15);
REG_OFFSET(rip, R_RIP);
REG_OFFSET(rflags, R_RFLAGS);
REG_OFFSET(rsp, R_RSP);
REG_OFFSET(fs_base, R_FSBASE);
REG_OFFSET(sysret, R_SYSRET);
#undef REG_OFFSET
_Static_assert(__builtin_offsetof(struct arch_thread, regs) == 0, "regs first");
_Static_assert(__builtin_offsetof(struct arch_thread, kernel_rsp) == THREAD_KERNEL_RSP, "thr");

/* One area per CPU (index order), reached through GS in the kernel. An NMI,
 * #MC or #DF that lands between an exit's swapgs and its sysret finds the
 * user's GS base (always 0: user code cannot set it) and swaps first
 * (vectors.S), so this_cpu() holds in every handler. */
extern struct arch_cpu arch_cpus[ARCH_MAX_CPUS];
static inline struct arch_cpu *this_cpu(void)
{
	struct arch_cpu *c;

	__asm__("movq %%gs:%c1, %0" : "=r"(c) : "i"(CPU_SELF));
	return c;
}

/* Registers pushed by vectors.S for every exception and interrupt. */
struct arch_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
_Static_assert(sizeof(struct arch_trap_frame) == 22 * 8, "vectors.S FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct arch_trap_frame, cs) == 18 * 8, "vectors.S FRAME_CS");

struct arch_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct arch_tss) == 104, "tss");
_Static_assert(__builtin_offsetof(struct arch_tss, rsp) == TSS_RSP0, "tss rsp0");
extern struct arch_tss arch_tss[ARCH_MAX_CPUS];

struct arch_lock {
	uint32_t locked; /* 1 while a CPU holds it */
};
_Static_assert(__builtin_offsetof(struct arch_lock, locked) == LOCK_LOCKED, "lock");
extern struct arch_lock arch_lock;
bool arch_lock_wait(void);
void arch_tlb_poll(void);
void arch_timer_init_ap(void);

/* Placed in the pages the user page tables map (linker.ld, paging.c). */
#define KPTI_DATA __attribute__((section(".data.kpti")))
#define KPTI_BSS  __attribute__((section(".bss.kpti")))

/* CPU features found by arch_cpu_init. */
extern bool arch_has_smap;
/* The CR4 arch_cpu_init loaded (arch_paging_init adds CR4_PGE). */
extern uint64_t arch_cr4_base;

/* Internal entry points between the arch files. */
void arch_gdt_init(void);
void arch_idt_init(void);
/* An AP: the shared GDT with TSS cpu, and the IDT. */
void arch_cpu_load_tables(unsigned cpu);
/* An AP's machine state, area and kernel stack; cr4 = the boot CPU's. */
void arch_cpu_init_ap(unsigned index, uint64_t kstack_top, uint64_t cr4);
void arch_idt_load(void);
void arch_pic_disable(void);
bool arch_pic_all_masked(void);                         /* selftest */
int arch_selftest_write(uint64_t *recover, vaddr_t va); /* selftest_raise.S */
bool arch_is_guard_page(vaddr_t va);                    /* statically placed guard pages in .bss */
/* The GDT and IDT pages: loaded by arch_cpu_init, mapped read-only by
 * arch_paging_init (the TSS stays writable: rsp0 changes on every switch). */
bool arch_is_readonly_table(vaddr_t va);
vaddr_t arch_idt_page(void);
vaddr_t arch_boot_stack_guard(void);
bool arch_paging_ready(void);
void arch_lapic_eoi(void);
void arch_trap(struct arch_trap_frame *f);
struct arch_thread *arch_trap_user(struct arch_trap_frame *f);
void arch_syscall_entry(void);
void arch_kthread_start(void);
int arch_selftest_raise(unsigned vector, uint64_t *recover,
                        vaddr_t fault_va); /* selftest_raise.S */

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
	                 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
	                 : "a"(leaf), "c"(sub));
}

static inline void invlpg(vaddr_t va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

#endif /* __ASSEMBLER__ */
#endif
