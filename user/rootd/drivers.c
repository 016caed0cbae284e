/* The default image's user-space drivers, each a process staged from the
 * "drivers" module with exactly its device's caps: its port family, an
 * irqd copy, a log copy and an endpoint of its own, where its line's
 * notifications and rootd's calls arrive. rootd then asks each with a timed CALL
 * whether it came up (a driver that dies or hangs costs the timeout, never
 * the boot) and reports its stages. The i8042 starts only where the
 * firmware's FADT says there is one (READ_PLATFORM_CAPS). */
#include "drivers.h"

#include <elf/elf64.h>

#include "rootd.h"

#define DRV_TIMEOUT_TICKS 300 /* 3 s of guest time */
#define DRV_BUDGET        (128 * 1024)
#define DRV_PRIO          110 /* above plain children, below rootd */

static int pc(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, w4, NULL);
}

/* rootd's slots base .. base + 3: the process, a SEND alias of the
 * driver's endpoint, the endpoint itself (dropped once installed: the
 * driver holds it S|R), the grant. A stage that fails part way is
 * aborted, so its budget comes back. */
static int stage_driver(uint64_t mode, uint64_t ports, uint64_t base)
{
	static struct erix_elf_image img;
	const uint64_t proc = base, ctl = base + 1, ep = base + 2, g = base + 3;
	struct child_spec spec = {
	    .module = DRIVERS_MODULE_NAME,
	    .proc_slot = proc,
	    .cspace_slots = 16,
	    .budget = DRV_BUDGET,
	    .prio = DRV_PRIO,
	};
	int staged = 0, err = pc(ERIX_KCTL_CREATE_ENDPOINT, ep, 0, 0, 0);

	if (!err)
		err = pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ep, ctl, ERIX_RIGHT_SEND, 0);
	if (!err && !(err = child_stage(&spec, &img)))
		staged = 1;
	if (!err)
		err = child_install_control(proc, g, DRV_SLOT_LOG, ERIX_SLOT_LOG_QUERY,
		                            ERIX_RIGHT_SEND);
	if (!err)
		err = child_install_control(proc, g, DRV_SLOT_PORTS, ports, ERIX_RIGHT_SEND);
	if (!err)
		err =
		    child_install_control(proc, g, DRV_SLOT_IRQD, ERIX_SLOT_IRQD, ERIX_RIGHT_SEND);
	if (!err)
		err = child_install(proc, g, DRV_SLOT_EP, ep, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV);
	erix_drop_local_cap(ep);
	if (!err)
		err = child_start(proc, &img, 0, mode);
	if (err) {
		if (staged)
			pc(ERIX_KCTL_ABORT_STAGED_PROCESS, proc, 0, 0, 0);
		erix_drop_local_cap(proc);
		erix_drop_local_cap(ctl);
		erix_drop_local_cap(g);
	}
	return err;
}

/* The driver's ready bits, 0 if it did not answer in time. */
static uint64_t ask_driver(const char *name, uint64_t base)
{
	static const uint64_t none[4] = {0, 0, 0, 0};
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	char line[96], *p;
	int err =
	    erix_call(erix_ipc_rdi(base + 1, ERIX_IPC_F_TIMED, 0, 0), DRV_TIMEOUT_TICKS, none, &m);

	p = erix_str_append(erix_str_append(line, "driver "), name);
	p = erix_u64_append(erix_str_append(p, ": ready="), err ? 0 : m.w[0]);
	p = erix_u64_append(erix_str_append(p, " err="), err ? (uint64_t)err : m.w[1]);
	erix_log(line);
	return err ? 0 : m.w[0];
}

static uint64_t run_driver(const char *name, uint64_t mode, uint64_t ports, uint64_t base)
{
	int err;

	if (!erix_bootinfo_find_module(rootd_bootinfo(), DRIVERS_MODULE_NAME)) {
		erix_log("no drivers module: none started");
		return 0;
	}
	err = stage_driver(mode, ports, base);
	if (err) {
		char line[96];

		erix_u64_append(
		    erix_str_append(erix_str_append(erix_str_append(line, "driver "), name),
		                    ": not started, err="),
		    (uint64_t)err);
		erix_log(line);
		return 0;
	}
	return ask_driver(name, base);
}

void start_drivers(void)
{
	uint64_t caps[4] = {0, 0, 0, 0}, ready;

	ready = run_driver("com1", DRV_COM1, ERIX_SLOT_COM1, ROOTD_SLOT_DRIVERS);
	if (ready & DRV_READY_COM1)
		erix_report_stage(ERIX_STAGE_CONSOLE_INPUT_READY);
	erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0, caps);
	if (!(caps[0] & ERIX_PLATFORM_I8042)) {
		erix_log("no i8042 in the firmware tables: keyboard driver not started");
		return;
	}
	ready = run_driver("i8042", DRV_I8042, ERIX_SLOT_I8042, ROOTD_SLOT_DRIVERS + 4);
	if (ready & DRV_READY_CONTROLLER)
		erix_report_stage(ERIX_STAGE_DRV_I8042_READY);
	if (ready & DRV_READY_KEYBOARD)
		erix_report_stage(ERIX_STAGE_DRV_PS2_KEYBOARD_READY);
}
