/* Kernel-control op numbers: message word 0 of an ERIX_SYS_CALL on a
 * kernel-control endpoint (the syscall's rsi); words 1..4 are rdx, r10, r8,
 * r9 (named w1..w4 below), the reply words come back in the same
 * registers. Numbers below 50 are fixed by the EriX ABI; the rest were
 * assigned here, once. Whether an endpoint may use an op is decided by its
 * family table in kernel/kctl_table.c.
 *
 * ERIX_KCTL_OPS is the one list of ops: the kernel's tables and the docs
 * derive from it. X(name, number) */
#ifndef ERIX_KCTL_H
#define ERIX_KCTL_H

#define ERIX_KCTL_OPS(X)                                                                            \
	X(CREATE_PROCESS, 1)      /* reserved: always denied */                                     \
	X(CAP_COPY, 8)            /* reserved: denied on process endpoints */                       \
	X(READ_PLATFORM_CAPS, 30) /* out: w0 = ERIX_PLATFORM_* bits */                              \
	X(KILL_PROCESS, 33)       /* w1 = process slot */                                           \
	/* w1 = slot, w2 = flags; out: w0 type, w1 value1; untyped and frame caps: w2 physical \
	 * base, w3 size bits. */    \
	X(QUERY_CAP, 34)                                                                            \
	X(CREATE_ENDPOINT, 35)       /* w1 = empty slot: CHILD_POPULATE endpoint, S|R|G */          \
	X(CAP_COPY_ATTENUATED, 36)   /* w1 = src slot, w2 = empty dest slot, w3 = rights */         \
	X(CREATE_STAGED_PROCESS, 37) /* w1 = slot, w2 = CSpace slots, w3 = budget, w4 = prio */     \
	X(DERIVE_INSTALL_GRANT,                                                                     \
	  38) /* w1 = process, w2 = grant slot, w3 = child slot, w4 = rights */                     \
	X(INSTALL_WITH_GRANT, 39)   /* w1 = grant slot, w2 = source slot */                         \
	X(ABORT_STAGED_PROCESS, 40) /* w1 = process slot */                                         \
	X(WRITE_PROCESS_MEMORY, 44) /* w1 = process, w2 = child va, w3 = source, w4 = length */     \
	X(READ_MONOTONIC_CLOCK, 50) /* out: w0 = nanoseconds since boot */                          \
	X(IOPORT_READ8, 51)         /* w1 = port; out: w0 = byte */                                 \
	X(IOPORT_WRITE8, 52)        /* w1 = port, w2 = byte */                                      \
	/* w1 = frame slot, w2 = process slot or ERIX_KCTL_SELF, w3 = va, w4 = ERIX_PROT_*      \
	 * (R, RW, RX; RW needs the cap's WRITE): the frame mapped in that VSpace. */   \
	X(MAP_FRAME, 53)                                                                            \
	/* w1 = process slot or ERIX_KCTL_SELF, w2 = va: a MAP_FRAME mapping removed. */            \
	X(UNMAP_FRAME, 54)                                                                          \
	/* w1 = untyped slot, w2 = first empty slot, w3 = count, w4 = size bits (12): zeroed     \
	 * 4 KiB frame caps in w2 .. w2 + count - 1. out: w0 = physical address of the first. */  \
	X(RETYPE_UNTYPED_TO_FRAME, 55)                                                              \
	X(RESOLVE_FAULT, 56)                                                                        \
	X(LOG_STRING, 57)          /* w1 = user pointer, w2 = length */                             \
	X(WRITE_LEGACY_SERIAL, 58) /* w1 = user pointer, w2 = length */                             \
	X(GET_ACPI_RSDP, 59)       /* out: w0 = phys, w1 = revision */                              \
	/* w1 = physical address, w2 = qwords (1..ERIX_ACPI_QWORDS_MAX); out: w0.. = the        \
	 * little-endian qwords. The window must lie wholly inside the RSDP, its root (XSDT, or  \
	 * RSDT for revision 0), a checksum-valid table the root names, or the checksum-valid   \
	 * DSDT the FADT names; anything else is ERIX_ERR_RANGE. */   \
	X(READ_ACPI_QWORDS, 60)                                                                     \
	/* w1 = bus, w2 = device (< 32), w3 = function (< 8), w4 = offset (dword-aligned, < 4096 \
	 * through ECAM, < 256 through the 0xCF8 ports); out: w0 = the dword (0xFFFFFFFF for a  \
	 * function that is not there). A bus outside the MCFG's range is ERIX_ERR_RANGE. */  \
	X(READ_PCI_CONFIG_DWORD, 61)                                                                \
	X(START_PROCESS, 62) /* w1 = process, w2 = entry, w3 = stack top, w4 = argument */          \
	/* w1 = legacy IRQ (0..15, not 2), w2 = IPC endpoint slot with SEND (ERIX_IRQ_UNBIND:  \
	 * unbind), w3 = word: each firing masks the line and NOTIFYs the word (badge 0). */    \
	X(IRQ_BIND, 63)                                                                             \
	X(IRQ_WAIT, 64) /* not implemented: wait with RECV on the bound endpoint */                 \
	X(IRQ_ACK, 65)  /* w1 = IRQ: the served line is unmasked */                                 \
	/* w1 = timeout in timer ticks (0: poll, ERIX_HOTPLUG_FOREVER: none, else at most    \
	 * 0xFFFFFFFF): the oldest slot event of a PCIe hot-plug port. out: w0 = port          \
	 * bus << 8 | device << 3 | function, w1 = ERIX_HOTPLUG_EV_* since its last report,   \
	 * w2 = ERIX_HOTPLUG_STATE_* now, w3 = events folded into this report. No port:       \
	 * NOT_FOUND; another thread waiting: BUSY; nothing in time: TIMEOUT. */      \
	X(HOTPLUG_WAIT, 66)                                                                         \
	/* out: w0 = width | height << 32, w1 = pitch, w2 = bpp | format << 32 (format:     \
	 * ERIX_FB_FORMAT_*), w3 = bytes. No framebuffer: NOT_FOUND. */       \
	X(FB_QUERY, 67)                                                                             \
	/* w1 = process slot or ERIX_KCTL_SELF, w2 = va: the whole framebuffer RW, uncached, \
	 * each page removable with UNMAP_FRAME. */      \
	X(FB_MAP, 68)                                                                               \
	/* out: w0 = width | height << 32, w1 = bytes per glyph row, w2 = glyphs, w3 = bytes. */    \
	X(FONT_QUERY, 69)                                                                           \
	/* w1 = process slot or ERIX_KCTL_SELF, w2 = va: the kernel's font bitmap, read-only, \
	 * glyph c at c * height * row bytes, top bit leftmost; UNMAP_FRAME removes it. */     \
	X(FONT_MAP, 70)                                                                             \
	/* w1 = empty slot, w2 = bus << 8 | device << 3 | function, w3 = memory BAR index,      \
	 * w4 = page of the BAR: a 4 KiB DEVICE_FRAME cap (size from the BAR itself, in device \
	 * untyped). out: w0 = physical address. In no DESIGN family: test root only. */   \
	X(DERIVE_DEVICE_FRAME, 71)                                                                  \
	/* w1 = entry, w2 = user stack top, w3 = priority, w4 = argument: a new thread in the     \
	 * caller's process. out: w0 = thread id. */ \
	X(SPAWN_THREAD, 72)                                                                         \
	X(REPORT_STAGE, 73)  /* w1 = stage id (ERIX_ROOTD_STAGES) */                                \
	X(REPORT_STATUS, 74) /* w1 = ERIX_ROOTD_STATUS_* */                                         \
	/* w1 = process, w2 = child va, w3 = pages, w4 = ERIX_PROT_*: zeroed pages charged to the \
	 * child, mapped in the stage only. */ \
	X(MAP_PROCESS_ANON, 75)                                                                     \
	/* w1 = process slot or ERIX_KCTL_SELF; out: w0 = bytes used, w1 = budget, w2 = threads. */ \
	X(READ_KERNEL_MEMORY, 76)                                                                   \
	/* w1 = ERIX_ROOTD_DIAGNOSTICS id, w2 = value: a marker, never the end of the boot. */      \
	X(REPORT_DIAGNOSTIC, 77)                                                                    \
	/* w1 = process, w2 = a slot of that process's own CSpace holding an IPC endpoint with \
	 * SEND: where its thread faults go (the pager / TCB fault endpoint). */    \
	X(SET_PAGER, 78)                                                                            \
	/* w1 = IRQ as for IRQ_ACK, the caller's own binding: the line stops notifying until  \
	 * IRQ_UNMASK (idempotent). An edge or MSI that comes meanwhile is held (one), a     \
	 * level line stays asserted; either is signalled at IRQ_UNMASK. */     \
	X(IRQ_MASK, 79)                                                                             \
	X(IRQ_UNMASK, 80) /* w1 = IRQ: a masked line notifies again (idempotent) */              \
	/* w1 = tid of a thread of the caller's own process, or ERIX_KCTL_SELF (the caller);    \
	 * w2 = CPU index below the CPUs online, or ERIX_AFFINITY_QUERY: from now on the thread  \
	 * runs on that CPU only (one running elsewhere is moved at once; the caller itself    \
	 * returns on the new CPU). out: w0 = CPUs online, w1 = the thread's CPU before. */      \
	X(SET_AFFINITY, 81)

#define ERIX_KCTL_ENUM(name, number) ERIX_KCTL_##name = number,
enum { ERIX_KCTL_OPS(ERIX_KCTL_ENUM) };
#undef ERIX_KCTL_ENUM
#define ERIX_KCTL_OP_MAX 81

/* READ_PLATFORM_CAPS: what the firmware's tables show, decided once at
 * boot (the same bits every call), so drivers start only where their
 * hardware is. */
#define ERIX_PLATFORM_ACPI        0x01 /* a valid RSDP was handed on */
#define ERIX_PLATFORM_MADT        0x02 /* a checksum-valid MADT */
#define ERIX_PLATFORM_IOAPIC      0x04 /* the MADT names at least one I/O APIC */
#define ERIX_PLATFORM_FADT        0x08 /* a checksum-valid FADT */
#define ERIX_PLATFORM_I8042       0x10 /* FADT IA-PC boot flags: an 8042 is there */
#define ERIX_PLATFORM_HPET        0x20 /* an HPET table */
#define ERIX_PLATFORM_PCIE_ECAM   0x40 /* an MCFG table (PCIe config space by memory) */
#define ERIX_PLATFORM_FRAMEBUFFER 0x80 /* the loader handed on a framebuffer */

/* IRQ_BIND: w2 that unbinds the line. */
#define ERIX_IRQ_UNBIND    0xFFFFFFFFFFFFFFFFull
/* IRQ_BIND, IRQ_ACK: w1 naming a PCI function's MSI instead of a legacy
 * IRQ: ERIX_IRQ_MSI | bus << 8 | device << 3 | function; IRQ_BIND then
 * takes in w4 the slot of a DEVICE_FRAME cap derived from one of that
 * function's BARs (the authority over the device). Binding enables
 * the function's MSI (one message) and its bus mastering, and disables
 * INTx; unbinding restores the command register. At most
 * ERIX_IRQ_MSI_LINES are bound at once. */
#define ERIX_IRQ_MSI       0x10000ull
#define ERIX_IRQ_MSI_LINES 16

/* HOTPLUG_WAIT. The event bits are the PCIe Slot Status "changed" bits,
 * the state word the Slot Status (low 16 bits, less Command Completed: the
 * kernel's own handshake) and Link Status (next 16) registers as read at
 * the report, and whether the kernel has the slot's power on. Events of
 * one port are folded into one record until reported (bits or-ed, w3
 * counts them), so no change is ever lost, only merged. A card found at
 * boot in a slot the kernel powers is reported as a presence change. An
 * attention press on a powered slot starts a 5 s window (power indicator
 * blinking): a second press inside it cancels, else the kernel powers the
 * slot off when it ends; each press is reported, the power-off is not an
 * event (the next report's state shows it). */
#define ERIX_HOTPLUG_FOREVER        0xFFFFFFFFFFFFFFFFull
#define ERIX_HOTPLUG_TIMEOUT_MAX    0xFFFFFFFFull
#define ERIX_HOTPLUG_EV_ATTENTION   0x001 /* attention button pressed */
#define ERIX_HOTPLUG_EV_POWER_FAULT 0x002
#define ERIX_HOTPLUG_EV_MRL         0x004          /* retention latch opened or closed */
#define ERIX_HOTPLUG_EV_PRESENCE    0x008          /* presence detect changed */
#define ERIX_HOTPLUG_EV_LINK        0x100          /* data link layer state changed */
#define ERIX_HOTPLUG_STATE_PRESENT  0x40           /* a card in the slot */
#define ERIX_HOTPLUG_STATE_LINK_UP  0x20000000u    /* data link layer active */
#define ERIX_HOTPLUG_STATE_POWERED  0x100000000ull /* slot power on */
#define ERIX_HOTPLUG_PORTS          8              /* ports served; more are reported and ignored */

/* READ_KERNEL_MEMORY: the caller's own account. */
#define ERIX_KCTL_SELF 0xFFFFFFFFFFFFFFFFull
/* SET_AFFINITY: w2 that changes nothing (the reply still says where the thread is). */
#define ERIX_AFFINITY_QUERY 0xFFFFFFFFFFFFFFFFull

/* MAP_PROCESS_ANON protections: R, RW or RX, never W+X. */
#define ERIX_PROT_READ  0x1
#define ERIX_PROT_WRITE 0x2
#define ERIX_PROT_EXEC  0x4

/* rootd status values for ERIX_KCTL_REPORT_STATUS. */
#define ERIX_ROOTD_STATUS_READY             1
#define ERIX_ROOTD_STATUS_FAILED            2
#define ERIX_ROOTD_STATUS_DOWNSTREAM_FAILED 3

/* Thread priorities: 0 (never runnable) .. ERIX_PRIO_MAX. */
#define ERIX_PRIO_MAX   255
#define ERIX_PRIO_ROOTD 128

/* Bounds. */
#define ERIX_LOG_STRING_MAX     256
#define ERIX_ACPI_QWORDS_MAX    4     /* READ_ACPI_QWORDS qwords per call */
#define ERIX_ANON_MAX_PAGES     256   /* MAP_PROCESS_ANON pages per call */
#define ERIX_RETYPE_MAX_FRAMES  64    /* RETYPE_UNTYPED_TO_FRAME frames per call */
#define ERIX_WRITE_PROCESS_MAX  65536 /* WRITE_PROCESS_MEMORY bytes per call */
#define ERIX_PROCESS_MIN_BUDGET 4096

/* I/O port windows of the IOPORT_READ8/WRITE8 families (COM1, i8042). */
#define ERIX_IOPORT_COM1_FIRST   0x3F8
#define ERIX_IOPORT_COM1_LAST    0x3FF
#define ERIX_IOPORT_I8042_DATA   0x60
#define ERIX_IOPORT_I8042_CMD    0x64
/* COM1 writes that would take the kernel's marker sink are ERIX_ERR_RANGE:
 * LCR only ever ERIX_COM1_LCR_KERNEL (8N1, divisor latch closed), MCR never
 * with the loopback bit, FCR with the FIFOs left on and never cleared
 * (bits 0..2 exactly ERIX_COM1_FCR_ON: turning the FIFOs off and on flushes
 * them too). */
#define ERIX_COM1_REG_LCR        3
#define ERIX_COM1_REG_MCR        4
#define ERIX_COM1_LCR_KERNEL     0x03
#define ERIX_COM1_MCR_LOOP       0x10
#define ERIX_COM1_REG_FCR        2
#define ERIX_COM1_FCR_CLEAR      0x06 /* clear receive / transmit FIFO: refused */
#define ERIX_COM1_FCR_LOW        0x07 /* enable and the two clear bits... */
#define ERIX_COM1_FCR_ON         0x01 /* ...must read FIFO on, nothing cleared */
/* The i8042 command port takes only the commands a keyboard and mouse
 * driver needs (an allow-list, kernel/kctl.c): the command byte (0x20,
 * 0x60), port enables, disables and tests (0xA7..0xAB, 0xAD, 0xAE), the
 * self test (0xAA), reading the output port (0xD0), and the buffer writes
 * (0xD2..0xD4). Anything else is ERIX_ERR_RANGE: writing the output port
 * (0xD1) or pulsing its lines (0xF0..0xFF, 0xFE resets the machine), the A20
 * gate (0xDD, 0xDF), the password lock and vendor commands. */
#define ERIX_I8042_CMD_READ_CCB  0x20
#define ERIX_I8042_CMD_WRITE_CCB 0x60
/* A data byte written to COM1 (port ERIX_IOPORT_COM1_FIRST) reaches the
 * line as task text: behind ERIX_MARK_USER_SERIAL, controls made '?'. */

#endif
