/* HOTPLUG_WAIT from user space. ROOTD_TEST=hotplug (a machine with a
 * hot-plug capable PCIe root port): denials, the poll and the timeout, a
 * second waiter (a test child) refused and killed while it waits, then a
 * card the harness adds and removes through QMP, reported by the kernel.
 * The authority suite (a machine without such a port) checks the defined
 * NOT_FOUND instead of a wait that could never end. */
#include "authority.h"

#define HP         ERIX_SLOT_HOTPLUGD
#define WAIT_TICKS 3000 /* 30 s of guest time for the harness's QMP command */
#define CFG_BUS    0x18 /* a bridge's bus numbers: secondary in bits 8..15 */

static uint64_t hp_wait(uint64_t slot, uint64_t ticks, uint64_t out[4])
{
	return (uint64_t)erix_kctl(slot, ERIX_KCTL_HOTPLUG_WAIT, ticks, 0, 0, 0, out);
}

static uint64_t clock_ns(void)
{
	uint64_t out[4] = {0, 0, 0, 0};

	erix_kctl(ERIX_SLOT_TIMED, ERIX_KCTL_READ_MONOTONIC_CLOCK, 0, 0, 0, 0, out);
	return out[0];
}

static uint32_t pci_read(uint64_t bdf, uint64_t off)
{
	uint64_t out[4] = {~0ull, 0, 0, 0};

	erix_kctl(ERIX_SLOT_PCI_CONFIG, ERIX_KCTL_READ_PCI_CONFIG_DWORD, bdf >> 8, (bdf >> 3) & 31,
	          bdf & 7, off, out);
	return (uint32_t)out[0];
}

void auth_hotplug_absent_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0};

	check("hotplug_no_port_poll", hp_wait(HP, 0, out), ERIX_ERR_NOT_FOUND);
	check("hotplug_no_port_forever", hp_wait(HP, ERIX_HOTPLUG_FOREVER, out),
	      ERIX_ERR_NOT_FOUND);
}

static void denial_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0}, before = kmem_used(ERIX_KCTL_SELF), t0;

	check("hotplug_wait_on_irqd", hp_wait(ERIX_SLOT_IRQD, 0, out), ERIX_ERR_OP_DENIED);
	check("hotplug_wait_on_pci_config", hp_wait(ERIX_SLOT_PCI_CONFIG, 0, out),
	      ERIX_ERR_OP_DENIED);
	check("hotplug_wait_timeout_range", hp_wait(HP, ERIX_HOTPLUG_TIMEOUT_MAX + 1, out),
	      ERIX_ERR_RANGE);
	check("hotplug_poll_nothing", hp_wait(HP, 0, out), ERIX_ERR_TIMEOUT);
	t0 = clock_ns();
	check("hotplug_timed_nothing", hp_wait(HP, 5, out), ERIX_ERR_TIMEOUT);
	check("hotplug_timed_waited", clock_ns() - t0 >= 40000000ull, 1);
	check("hotplug_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
}

/* A child waits; rootd is the second waiter (BUSY); killing the child
 * ends its wait, so the next call finds no waiter and nothing dangles. */
static void waiter_cases(void)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, ERIX_PRIO_ROOTD);
	uint64_t out[4] = {0, 0, 0, 0}, before, err = ERIX_OK;

	check("hotplug_report_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_REPORT, 0, 0, 0), ERIX_OK);
	check("hotplug_wait_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_WAIT, 0, 0, 0), ERIX_OK);
	before = kmem_used(ERIX_KCTL_SELF);
	sp.control_slot = HP;
	check("hotplug_child_report", run_child(&sp, CHILD_HOTPLUG_WAIT, "hotplug_child_start"),
	      CHILD_REPORTED);
	for (int i = 0; i < 200 && (err = hp_wait(HP, 0, out)) != ERIX_ERR_BUSY; i++)
		erix_yield();
	check("hotplug_second_waiter_busy", err, ERIX_ERR_BUSY);
	kill_child("hotplug_waiting_child", before);
	check("hotplug_killed_waiter_gone", hp_wait(HP, 0, out), ERIX_ERR_TIMEOUT);
}

static void log_event(const uint64_t out[4])
{
	char line[LINE], *p = line;

	p = erix_str_append(p, ERIX_ROOTD_LOG_HOTPLUG_EVENT " port=");
	p = erix_u64_append(p, out[0]);
	p = erix_str_append(p, " events=");
	p = erix_u64_append(p, out[1]);
	p = erix_str_append(p, " state=");
	p = erix_u64_append(p, out[2]);
	p = erix_str_append(p, " folds=");
	erix_u64_append(p, out[3]);
	erix_log(line);
}

static int wait_report(const char *name, uint64_t out[4])
{
	uint64_t err = hp_wait(HP, WAIT_TICKS, out);

	check(name, err, ERIX_OK);
	if (!err)
		log_event(out);
	return !err;
}

/* The card the harness adds: presence changed, present, powered by the
 * kernel, and its function visible behind the port. */
static uint64_t added_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0}, secondary;

	erix_log(ERIX_ROOTD_LOG_HOTPLUG_WAITING);
	if (!wait_report("hotplug_card_added", out))
		return 0;
	check("hotplug_added_presence_changed", (out[1] & ERIX_HOTPLUG_EV_PRESENCE) != 0, 1);
	check("hotplug_added_present", (out[2] & ERIX_HOTPLUG_STATE_PRESENT) != 0, 1);
	check("hotplug_added_powered", (out[2] & ERIX_HOTPLUG_STATE_POWERED) != 0, 1);
	check("hotplug_added_folds", out[3] >= 1, 1);
	secondary = (pci_read(out[0], CFG_BUS) >> 8) & 0xFF;
	check("hotplug_added_card_visible", (pci_read(secondary << 8, 0) & 0xFFFF) != 0xFFFF, 1);
	return out[0];
}

/* The harness's device_del presses the attention button; the kernel powers
 * the slot off when the 5 s abort window ends, the card goes: reports
 * until one says it is gone. */
static void removed_cases(uint64_t port)
{
	uint64_t out[4] = {0, 0, 0, 0}, seen = 0;

	erix_log(ERIX_ROOTD_LOG_HOTPLUG_REMOVING);
	for (int i = 0; i < 4; i++) {
		if (!wait_report("hotplug_removal_report", out))
			return;
		seen |= out[1];
		if (!(out[2] & ERIX_HOTPLUG_STATE_PRESENT) && (seen & ERIX_HOTPLUG_EV_PRESENCE))
			break;
	}
	check("hotplug_removal_same_port", out[0], port);
	check("hotplug_removal_attention", (seen & ERIX_HOTPLUG_EV_ATTENTION) != 0, 1);
	check("hotplug_removal_presence_changed", (seen & ERIX_HOTPLUG_EV_PRESENCE) != 0, 1);
	check("hotplug_card_gone", out[2] & ERIX_HOTPLUG_STATE_PRESENT, 0);
	check("hotplug_card_unpowered", out[2] & ERIX_HOTPLUG_STATE_POWERED, 0);
}

void run_hotplug_test(void)
{
	uint64_t port;

	denial_cases();
	waiter_cases();
	port = added_cases();
	if (port)
		removed_cases(port);
	auth_total();
}
