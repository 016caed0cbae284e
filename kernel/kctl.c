/* Kernel control: CALLs on endpoints of a kernel-control family. Whether a
 * CALL may run is decided by kctl_table.c (family -> allowed ops, keyed by
 * the endpoint object's stored kind, never by slot number); this file holds
 * op -> handler. Each handler decodes every argument before it changes
 * anything (seL4's decode-then-invoke).
 *
 * Implemented: QUERY_CAP, LOG_STRING, WRITE_LEGACY_SERIAL,
 * READ_MONOTONIC_CLOCK, IOPORT_READ8, IOPORT_WRITE8, GET_ACPI_RSDP,
 * READ_ACPI_QWORDS and READ_PCI_CONFIG_DWORD (platform.c), SPAWN_THREAD,
 * REPORT_STAGE, REPORT_STATUS. Every other defined op returns
 * ERIX_ERR_NOT_IMPLEMENTED once its family allows it: CAP_COPY,
 * READ_PLATFORM_CAPS, KILL_PROCESS, CREATE_ENDPOINT, CAP_COPY_ATTENUATED,
 * CREATE_STAGED_PROCESS, DERIVE_INSTALL_GRANT, INSTALL_WITH_GRANT,
 * ABORT_STAGED_PROCESS, WRITE_PROCESS_MEMORY, MAP_FRAME, UNMAP_FRAME,
 * RETYPE_UNTYPED_TO_FRAME, RESOLVE_FAULT, START_PROCESS, IRQ_BIND, IRQ_WAIT, IRQ_ACK,
 * HOTPLUG_WAIT, FB_QUERY, FB_MAP, FONT_QUERY, FONT_MAP, DERIVE_DEVICE_FRAME.
 * CREATE_PROCESS is in no family: always ERIX_ERR_OP_DENIED. */
#include "kctl.h"

#include <erix/cap.h>
#include <erix/debug_exit.h>
#include <erix/errors.h>
#include <erix/kctl.h>
#include <erix/markers.h>

#include "boot.h"
#include "cap.h"
#include "console.h"
#include "cspace.h"
#include "devframe.h"
#include "endpoint.h"
#include "exit.h"
#include "fb.h"
#include "irq.h"
#include "kctl_table.h"
#include "pager.h"
#include "platform.h"
#include "process.h"
#include "sched.h"
#include "untyped.h"
#include "vspace.h"

typedef enum erix_err (*kctl_handler)(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#if ERIX_FEATURE_TEST_ROOT
#define TEST_ROOT_ENABLED 1
#else
#define TEST_ROOT_ENABLED 0
#endif

/* I/O ports each family may touch; anything else is ERIX_ERR_RANGE. */
struct port_window {
	uint32_t kind;
	uint16_t first, last;
};

static const struct port_window port_windows[] = {
    {ERIX_EP_COM1, ERIX_IOPORT_COM1_FIRST, ERIX_IOPORT_COM1_LAST},
    {ERIX_EP_I8042, ERIX_IOPORT_I8042_DATA, ERIX_IOPORT_I8042_DATA},
    {ERIX_EP_I8042, ERIX_IOPORT_I8042_CMD, ERIX_IOPORT_I8042_CMD},
    {ERIX_EP_TEST_ROOT, ERIX_IOPORT_COM1_FIRST, ERIX_IOPORT_COM1_LAST},
    {ERIX_EP_TEST_ROOT, ERIX_IOPORT_I8042_DATA, ERIX_IOPORT_I8042_DATA},
    {ERIX_EP_TEST_ROOT, ERIX_IOPORT_I8042_CMD, ERIX_IOPORT_I8042_CMD},
};

struct stage_name {
	uint64_t id;
	const char *name;
};

#define STAGE_ID(name, id) KSTAGE_##name = id,
enum { ERIX_ROOTD_STAGES(STAGE_ID) };
#undef STAGE_ID
#define STAGE_ENTRY(name, id) {id, #name},
static const struct stage_name stages[] = {ERIX_ROOTD_STAGES(STAGE_ENTRY)};
#undef STAGE_ENTRY

/* ---------------------------------------------------------------- ops */

/* Copies a user string of at most ERIX_LOG_STRING_MAX bytes. */
static enum erix_err decode_user_text(const uint64_t *w, char *buf)
{
	if (w[1] > ERIX_LOG_STRING_MAX)
		return ERIX_ERR_RANGE;
	return arch_copy_from_user(buf, w[0], w[1]);
}

static enum erix_err op_log_string(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	char buf[ERIX_LOG_STRING_MAX];
	enum erix_err err = decode_user_text(w, buf);

	(void)ep;
	(void)out;
	if (err)
		return err;
	/* One marker line per call: control characters would let a task
	 * forge or split marker lines. */
	for (uint64_t i = 0; i < w[1]; i++)
		if (buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	/* Whose line it is, written by the kernel: a child cannot pass its
	 * log off as rootd's. */
	if (process_is_root(process_of_current()))
		kwrite(ERIX_MARK_ROOTD_LOG " ", sizeof(ERIX_MARK_ROOTD_LOG " ") - 1);
	else
		kprintf(ERIX_MARK_TASK_LOG " pid=%u ", process_of_current()->pid);
	kwrite(buf, w[1]);
	kwrite("\n", 1);
	return ERIX_OK;
}

static enum erix_err op_write_legacy_serial(const struct endpoint *ep, const uint64_t *w,
                                            uint64_t *out)
{
	char buf[ERIX_LOG_STRING_MAX];
	enum erix_err err = decode_user_text(w, buf);

	(void)ep;
	(void)out;
	if (err)
		return err;
	kwrite_user(buf, w[1]);
	return ERIX_OK;
}

static enum erix_err op_read_monotonic_clock(const struct endpoint *ep, const uint64_t *w,
                                             uint64_t *out)
{
	uint64_t khz = arch_tsc_khz();
	uint64_t t = arch_rdtsc() - boot_info.tsc_entry;

	(void)ep;
	(void)w;
	if (!khz)
		return ERIX_ERR_NOT_FOUND;
	/* Split so neither product can overflow 64 bits. */
	out[0] = t / khz * 1000000 + t % khz * 1000000 / khz;
	return ERIX_OK;
}

static enum erix_err decode_port(uint32_t kind, uint64_t port)
{
	for (unsigned i = 0; i < sizeof(port_windows) / sizeof(port_windows[0]); i++) {
		const struct port_window *pw = &port_windows[i];

		if (pw->kind == kind && port >= pw->first && port <= pw->last)
			return ERIX_OK;
	}
	return ERIX_ERR_RANGE;
}

static enum erix_err op_ioport_read8(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	enum erix_err err = decode_port(ep->kind, w[0]);

	if (err)
		return err;
	out[0] = arch_inb((uint16_t)w[0]);
	return ERIX_OK;
}

/* COM1 is also the kernel's marker sink: a task may drive the UART (data,
 * interrupts, FIFO, modem lines) but never change how the kernel's bytes
 * leave it. The line format stays 8N1 with the divisor latch closed (so no
 * write can move the baud rate or land in the divisor), loopback stays
 * off (which would swallow the kernel's output), the FIFOs are never
 * cleared, and data bytes pass the kernel's line ownership (kwrite_user). */
static enum erix_err decode_com1_value(uint64_t port, uint64_t v)
{
	if (port == ERIX_IOPORT_COM1_FIRST + ERIX_COM1_REG_LCR && v != ERIX_COM1_LCR_KERNEL)
		return ERIX_ERR_RANGE;
	if (port == ERIX_IOPORT_COM1_FIRST + ERIX_COM1_REG_MCR && (v & ERIX_COM1_MCR_LOOP))
		return ERIX_ERR_RANGE;
	/* Clearing the FIFOs, or turning them off (which flushes them), would
	 * drop the kernel's bytes in flight. */
	if (port == ERIX_IOPORT_COM1_FIRST + ERIX_COM1_REG_FCR &&
	    (v & ERIX_COM1_FCR_LOW) != ERIX_COM1_FCR_ON)
		return ERIX_ERR_RANGE;
	return ERIX_OK;
}

/* The keyboard controller also drives the CPU reset and A20 lines and has
 * vendor commands: a driver may run the keyboard and mouse, nothing else
 * (include/erix/kctl.h lists the allowed commands). */
static const uint8_t i8042_commands[] = {
    ERIX_I8042_CMD_READ_CCB,
    ERIX_I8042_CMD_WRITE_CCB,
    0xA7,
    0xA8,
    0xA9,
    0xAA,
    0xAB,
    0xAD,
    0xAE,
    0xD0,
    0xD2,
    0xD3,
    0xD4,
};

static enum erix_err decode_i8042_value(uint64_t port, uint64_t v)
{
	if (port != ERIX_IOPORT_I8042_CMD)
		return ERIX_OK;
	for (unsigned i = 0; i < sizeof(i8042_commands); i++)
		if (v == i8042_commands[i])
			return ERIX_OK;
	return ERIX_ERR_RANGE;
}

static enum erix_err op_ioport_write8(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	enum erix_err err = decode_port(ep->kind, w[0]);

	(void)out;
	if (err)
		return err;
	if (w[1] > 0xff)
		return ERIX_ERR_INVALID_ARGUMENT;
	err = decode_com1_value(w[0], w[1]);
	if (!err)
		err = decode_i8042_value(w[0], w[1]);
	if (err)
		return err;
	/* A data byte for COM1 is text on the kernel's marker line: it goes
	 * through the kernel's line ownership like WRITE_LEGACY_SERIAL, so it
	 * can never start a line of its own. */
	if (w[0] == ERIX_IOPORT_COM1_FIRST) {
		char c = (char)w[1];

		kwrite_user(&c, 1);
		return ERIX_OK;
	}
	arch_outb((uint16_t)w[0], (uint8_t)w[1]);
	return ERIX_OK;
}

static enum erix_err op_get_acpi_rsdp(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	const struct erix_handoff_acpi *acpi = boot_info.view.acpi;

	(void)ep;
	(void)w;
	if (!acpi)
		return ERIX_ERR_NOT_FOUND;
	out[0] = acpi->rsdp_phys;
	out[1] = acpi->revision;
	return ERIX_OK;
}

static enum erix_err op_report_stage(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	(void)ep;
	(void)out;
	for (unsigned i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		if (stages[i].id == w[0]) {
#if ERIX_FEATURE_BENCH
			/* Under -icount shift=0 one TSC tick is one guest instruction.
			 * The boot is measured to CHILD_STARTED, where a normal boot
			 * reports READY (the bench build runs its benchmarks first). */
			if (w[0] == KSTAGE_CHILD_STARTED)
				kprintf(ERIX_MARK_BENCH_BOOT " %lu instructions\n",
				        arch_rdtsc() - boot_info.tsc_entry);
#endif
			kprintf(ERIX_MARK_ROOTD_STAGE_PREFIX "%s\n", stages[i].name);
			return ERIX_OK;
		}
	}
	return ERIX_ERR_RANGE;
}

#define DIAG_ENTRY(name, id) {id, #name},
static const struct stage_name diagnostics[] = {ERIX_ROOTD_DIAGNOSTICS(DIAG_ENTRY)};
#undef DIAG_ENTRY

/* A diagnostic is only ever printed: known or not, the boot goes on. */
static enum erix_err op_report_diagnostic(const struct endpoint *ep, const uint64_t *w,
                                          uint64_t *out)
{
	(void)ep;
	(void)out;
	for (unsigned i = 0; i < sizeof(diagnostics) / sizeof(diagnostics[0]); i++) {
		if (diagnostics[i].id == w[0]) {
			kprintf(ERIX_MARK_ROOTD_DIAG_PREFIX "%s value=%lu\n", diagnostics[i].name,
			        w[1]);
			return ERIX_OK;
		}
	}
	kprintf(ERIX_MARK_ROOTD_DIAG_UNKNOWN " id=%lu value=%lu\n", w[0], w[1]);
	return ERIX_OK;
}

static enum erix_err report_ready(void)
{

	kputs(ERIX_MARK_ROOTD_READY);
#if ERIX_FEATURE_DEBUG_EXIT
	kernel_exit(ERIX_DEBUG_EXIT_ROOTD_READY);
#endif
	return ERIX_OK;
}

static enum erix_err op_report_status(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	(void)ep;
	(void)out;
	switch (w[0]) {
	case ERIX_ROOTD_STATUS_READY:
		return report_ready();
	case ERIX_ROOTD_STATUS_FAILED:
		kputs(ERIX_MARK_ROOTD_FAILED);
		kernel_exit(ERIX_DEBUG_EXIT_ROOTD_FAILURE);
	case ERIX_ROOTD_STATUS_DOWNSTREAM_FAILED:
		kputs(ERIX_MARK_ROOTD_DOWNSTREAM_FAILED);
		kernel_exit(ERIX_DEBUG_EXIT_DOWNSTREAM_FAILURE);
	default:
		kprintf(ERIX_MARK_ROOTD_UNKNOWN_STATUS " status=%lu\n", w[0]);
		kernel_exit(ERIX_DEBUG_EXIT_ROOTD_FAILURE);
	}
}

/* Op -> handler, from the same list as kctl_table.c's implemented set:
 * kctl_decide returning ERIX_OK guarantees a handler here. */
#define HANDLER(name, handler) [ERIX_KCTL_##name] = handler,
static const kctl_handler handlers[ERIX_KCTL_OP_MAX + 1] = {KCTL_IMPLEMENTED_OPS(HANDLER)};
#undef HANDLER

/* -------------------------------------------------------- dispatch */

enum erix_err kctl_call(const struct endpoint *ep, struct arch_regs *f)
{
	const uint64_t *w = &f->rdx; /* rdx, r10, r8, r9 in place (arch_regs order) */
	uint64_t out[4] = {0, 0, 0, 0};
	enum erix_err err = kctl_decide(ep->kind, f->rsi, TEST_ROOT_ENABLED);

	if (!err)
		err = handlers[arch_index_nospec(f->rsi, ERIX_KCTL_OP_MAX + 1)](ep, w, out);
	f->rdx = out[0];
	f->r10 = out[1];
	f->r8 = out[2];
	f->r9 = out[3];
	return err;
}
