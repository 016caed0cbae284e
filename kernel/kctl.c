/* Kernel control: CALLs on endpoints of a kernel-control family. Whether a
 * CALL may run is decided by kctl_table.c (family -> allowed ops, keyed by
 * the endpoint object's stored kind, never by slot number); this file holds
 * op -> handler. Each handler decodes every argument before it changes
 * anything (seL4's decode-then-invoke).
 *
 * Handlers live with their objects (KCTL_IMPLEMENTED_OPS in kctl_table.h
 * names each); the ones with no object of their own are here: LOG_STRING,
 * WRITE_LEGACY_SERIAL, READ_MONOTONIC_CLOCK, GET_ACPI_RSDP, REPORT_STAGE,
 * REPORT_STATUS, REPORT_DIAGNOSTIC. Defined but not implemented
 * (ERIX_ERR_NOT_IMPLEMENTED where a family allows them): CAP_COPY (the test
 * root's; denied elsewhere), IRQ_WAIT. CREATE_PROCESS is in no family:
 * always ERIX_ERR_OP_DENIED. */
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
#include "hotplug.h"
#include "ioport.h"
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
