/* PCIe native hot-plug (PCIe Base 4.0, 7.5.3: the PCI Express capability's
 * Slot Capabilities, Control and Status): the hot-plug capable root and
 * downstream ports found at boot, their slot events, and HOTPLUG_WAIT.
 *
 * Events are polled from the timer tick, not signalled: a port's hot-plug
 * interrupt would need MSI programming of the bridge and a vector the
 * kernel owns, for events that come at human pace, and polling costs one
 * config read per port per tick (nothing without a port). The port's own
 * interrupt stays off.
 *
 * One record per port: changes are or-ed into it until HOTPLUG_WAIT
 * reports it, so the queue is bounded by the port count, never overflows,
 * and never loses the fact that something changed (w3 counts the folds).
 * Reports go oldest record first. One waiter at a time (BUSY for another);
 * its wait ends through ipc.c like any other (timeout, death), so a killed
 * waiter leaves nothing behind.
 *
 * The kernel sequences slot power itself, the spec's default: a card that
 * appears in a powered-off slot, or is found in one at boot, is powered,
 * with the power indicator on; an attention button press on a powered,
 * occupied slot (a removal request) sets the indicator blinking and opens
 * the spec's 5 s abort window: a second press inside it cancels (indicator
 * on again), else the slot is powered off with the indicator off, after
 * which the card may go. QEMU's pcie-root-port completes device_add and
 * device_del only through these.
 *
 * Slot Control writes are commands: after one, the next waits for Command
 * Completed (Slot Status bit 4, cleared when seen) or 1 s, unless the port
 * says it has none (Slot Capabilities bit 18). What the slot should have
 * is kept per port (want) and written on a later tick once the port is
 * ready; Slot Status is cleared with a word write, never through the
 * dword, which would rewrite Slot Control and so issue a command. */
#include "hotplug.h"

#include <erix/errors.h>
#include <erix/kctl.h>

#include "console.h"
#include "ipc.h"
#include "platform.h"
#include "sched.h"
#include "tcb.h"

#define CFG_ID          0x00
#define CFG_COMMAND     0x04 /* status (high 16): bit 4, a capability list */
#define CFG_HEADER      0x0C /* header type in bits 16..22, multi-function bit 23 */
#define CFG_BUSES       0x18 /* bridges: primary, secondary, subordinate bus */
#define CFG_CAP_PTR     0x34
#define STATUS_CAPS     (1u << (16 + 4))
#define HEADER_BRIDGE   1
#define HEADER_MULTI    (1u << 23)
#define CAP_ID_PCIE     0x10
#define MAX_CAPS        48
#define PCIE_FLAGS      0x00 /* capabilities register (high 16) */
#define PCIE_LINK       0x10 /* link control, link status (high 16) */
#define PCIE_SLOT_CAP   0x14
#define PCIE_SLOT       0x18 /* slot control, slot status (high 16) */
#define PCIE_SLOT_CTL   0x18 /* ... slot control alone, a word */
#define PCIE_SLOT_STA   0x1A /* ... slot status alone, a word */
#define FLAGS_TYPE(f)   (((f) >> 20) & 0xF)
#define FLAGS_SLOT      (1u << 24)
#define TYPE_ROOT_PORT  4
#define TYPE_DOWNSTREAM 6
#define SLOTCAP_PCP     (1u << 1)  /* a power controller */
#define SLOTCAP_HPC     (1u << 6)  /* hot-plug capable */
#define SLOTCAP_NCCS    (1u << 18) /* no Command Completed: commands need no wait */
#define CTL_INT_ENABLES 0x103Fu    /* ABP, PFD, MRL, PDC, CC, HP interrupt, DLL state */
#define CTL_PIC_MASK    (3u << 8)  /* power indicator: 1 on, 3 off */
#define CTL_PIC_ON      (1u << 8)
#define CTL_PIC_BLINK   (2u << 8)
#define CTL_PIC_OFF     (3u << 8)
#define CTL_PCC         (1u << 10)               /* power controller: 1 is off */
#define CTL_SEQUENCED   (CTL_PCC | CTL_PIC_MASK) /* what the kernel sets (want) */
#define CMD_TIMEOUT     SCHED_HZ       /* 1 s: a command with no Command Completed is done */
#define ABORT_WINDOW    (5 * SCHED_HZ) /* 5 s after a press to cancel it */
#define STA_CC          0x010u
#define STA_EVENTS                                                                                 \
	(ERIX_HOTPLUG_EV_ATTENTION | ERIX_HOTPLUG_EV_POWER_FAULT | ERIX_HOTPLUG_EV_MRL |           \
	 ERIX_HOTPLUG_EV_PRESENCE | ERIX_HOTPLUG_EV_LINK)

struct hp_port {
	uint16_t bdf;
	uint8_t cap;       /* the PCI Express capability's offset */
	uint8_t power_ctl; /* the slot has a power controller */
	uint8_t no_cc;     /* no Command Completed support: never wait */
	uint8_t pending;   /* a Slot Control write not completed yet */
	uint16_t want;     /* CTL_SEQUENCED bits the slot should have */
	uint16_t events;   /* ERIX_HOTPLUG_EV_* not yet reported */
	uint32_t folds;    /* events folded into them */
	uint64_t issued;   /* tick of the pending write */
	uint64_t off_at;   /* tick the requested power-off is due, 0 for none */
	uint64_t since;    /* order of the record's first event: oldest first */
};

static struct hp_port ports[ERIX_HOTPLUG_PORTS];
static unsigned port_count;
static uint64_t records; /* records started, for their order */
static uint64_t now;     /* the last tick hotplug_tick saw (0 before the first) */
static struct tcb *waiter;

/* The PCI Express capability of bdf, or 0 (a bounded list walk). */
static unsigned find_pcie_cap(uint16_t bdf)
{
	unsigned off;

	if (!(platform_pci_read(bdf, CFG_COMMAND) & STATUS_CAPS))
		return 0;
	off = platform_pci_read(bdf, CFG_CAP_PTR) & 0xFC;
	for (unsigned i = 0; i < MAX_CAPS && off >= 0x40; i++) {
		uint32_t head = platform_pci_read(bdf, off);

		if ((head & 0xFF) == CAP_ID_PCIE)
			return off <= 0x100 - 0x20 ? off : 0; /* the slot registers inside */
		off = (head >> 8) & 0xFC;
	}
	return 0;
}

/* A root or downstream port with a slot whose capabilities say hot-plug. */
static void consider(uint16_t bdf, unsigned *ignored)
{
	unsigned cap;
	uint32_t flags, slotcap;

	if (((platform_pci_read(bdf, CFG_HEADER) >> 16) & 0x7F) != HEADER_BRIDGE ||
	    !(cap = find_pcie_cap(bdf)))
		return;
	flags = platform_pci_read(bdf, cap + PCIE_FLAGS);
	slotcap = platform_pci_read(bdf, cap + PCIE_SLOT_CAP);
	if ((FLAGS_TYPE(flags) != TYPE_ROOT_PORT && FLAGS_TYPE(flags) != TYPE_DOWNSTREAM) ||
	    !(flags & FLAGS_SLOT) || !(slotcap & SLOTCAP_HPC))
		return;
	if (port_count == ERIX_HOTPLUG_PORTS) {
		(*ignored)++;
		return;
	}
	ports[port_count++] = (struct hp_port){.bdf = bdf,
	                                       .cap = (uint8_t)cap,
	                                       .power_ctl = (slotcap & SLOTCAP_PCP) != 0,
	                                       .no_cc = (slotcap & SLOTCAP_NCCS) != 0};
}

/* One Slot Control write: a command, which the next one waits for. */
static void command(struct hp_port *p, uint16_t ctl)
{
	platform_pci_write16(p->bdf, p->cap + PCIE_SLOT_CTL, ctl);
	p->pending = !p->no_cc;
	p->issued = now;
}

/* The slot's power and indicator made what p wants, if they differ and
 * the port can take a command; else a later tick tries again. */
static void sequence(struct hp_port *p, uint16_t ctl)
{
	if (!p->pending && (ctl & CTL_SEQUENCED) != p->want)
		command(p, (uint16_t)((ctl & ~CTL_SEQUENCED) | p->want));
}

/* changed folded into p's record. */
static void fold(struct hp_port *p, uint16_t changed)
{
	if (!p->events)
		p->since = ++records;
	p->events |= changed;
	if (p->folds != UINT32_MAX)
		p->folds++;
}

/* The port's stale events cleared, its interrupts off (it is polled); a
 * card already in a powered-off slot is powered and recorded as a
 * presence change, so hotplugd learns of it like of one added later. */
static void quiesce(struct hp_port *p)
{
	uint32_t slot = platform_pci_read(p->bdf, p->cap + PCIE_SLOT);
	uint16_t ctl = (uint16_t)slot;

	platform_pci_write16(p->bdf, p->cap + PCIE_SLOT_STA, (uint16_t)(STA_EVENTS | STA_CC));
	p->want = ctl & CTL_SEQUENCED;
	if (ctl & CTL_INT_ENABLES) {
		ctl &= (uint16_t)~CTL_INT_ENABLES;
		command(p, ctl);
	}
	if (p->power_ctl && (slot >> 16 & ERIX_HOTPLUG_STATE_PRESENT) && (ctl & CTL_PCC)) {
		p->want = CTL_PIC_ON;
		fold(p, ERIX_HOTPLUG_EV_PRESENCE);
	}
	sequence(p, ctl);
}

/* The functions of one bus; bridges add their secondary bus to the walk. */
static void scan_bus(unsigned bus, uint8_t *queue, unsigned *tail, uint64_t *seen,
                     unsigned *ignored)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		for (unsigned fn = 0; fn < 8; fn++) {
			uint16_t bdf = (uint16_t)(bus << 8 | dev << 3 | fn);
			uint32_t header;
			unsigned sec;

			if ((platform_pci_read(bdf, CFG_ID) & 0xFFFF) == 0xFFFF) {
				if (!fn)
					break; /* no function 0: no device */
				continue;
			}
			consider(bdf, ignored);
			header = platform_pci_read(bdf, CFG_HEADER);
			sec = (platform_pci_read(bdf, CFG_BUSES) >> 8) & 0xFF;
			if ((header >> 16 & 0x7F) == HEADER_BRIDGE && sec > bus &&
			    sec >= platform.pci.bus_start && sec <= platform.pci.bus_end &&
			    !(seen[sec / 64] & 1ull << (sec % 64))) {
				seen[sec / 64] |= 1ull << (sec % 64);
				queue[(*tail)++] = (uint8_t)sec;
			}
			if (!fn && !(header & HEADER_MULTI))
				break;
		}
	}
}

/* The ports are found by walking the bus tree from the first bus through
 * the bridges' secondary bus numbers (as the firmware assigned them):
 * config reads for the buses that exist, not for all 256 (a full sweep cost
 * the boot some 900,000 instructions of uncached reads). A port behind a
 * second host bridge, whose root bus no bridge names, is not found. */
void hotplug_init(void)
{
	uint8_t queue[256];
	uint64_t seen[4] = {0, 0, 0, 0};
	unsigned head = 0, tail = 0, ignored = 0, first = platform.pci.bus_start;

	port_count = 0; /* host tests init again */
	if (first > platform.pci.bus_end || first > 255)
		return;
	seen[first / 64] |= 1ull << (first % 64);
	queue[tail++] = (uint8_t)first;
	while (head < tail)
		scan_bus(queue[head++], queue, &tail, seen, &ignored);
	for (unsigned i = 0; i < port_count; i++)
		quiesce(&ports[i]);
	kprintf("kernel: hotplug ports=%u ignored=%u\n", port_count, ignored);
}

/* The slot power rule (see the top): what p should have now, given the
 * slot status and its new changes. */
static void power_rule(struct hp_port *p, uint16_t sta, uint16_t changed)
{
	int present = (sta & ERIX_HOTPLUG_STATE_PRESENT) != 0, on = !(p->want & CTL_PCC);
	int pressed = (changed & ERIX_HOTPLUG_EV_ATTENTION) != 0;

	if (!p->power_ctl)
		return;
	if (p->off_at && now >= p->off_at) {
		p->off_at = 0; /* not cancelled in time */
		p->want = CTL_PCC | CTL_PIC_OFF;
	} else if (p->off_at && pressed) {
		p->off_at = 0; /* the second press: the removal cancelled */
		p->want = CTL_PIC_ON;
	} else if (pressed && present && on) {
		p->off_at = now + ABORT_WINDOW;
		p->want = CTL_PIC_BLINK;
	} else if ((changed & ERIX_HOTPLUG_EV_PRESENCE) && present && !on) {
		p->want = CTL_PIC_ON;
	}
}

/* New changes of p cleared in the port and folded into its record; its
 * last command's completion noted; the power rule applied. */
static void poll_port(struct hp_port *p)
{
	uint32_t slot = platform_pci_read(p->bdf, p->cap + PCIE_SLOT);
	uint16_t ctl = (uint16_t)slot, sta = (uint16_t)(slot >> 16), changed = sta & STA_EVENTS;
	uint16_t seen = sta & (STA_EVENTS | STA_CC);

	if (slot == 0xFFFFFFFF)
		return;
	/* Write-1-to-clear: exactly the bits seen, before any new command, so
	 * a Command Completed seen later is that command's. */
	if (seen)
		platform_pci_write16(p->bdf, p->cap + PCIE_SLOT_STA, seen);
	if (p->pending && ((sta & STA_CC) || now - p->issued >= CMD_TIMEOUT))
		p->pending = 0;
	if (changed)
		fold(p, changed);
	power_rule(p, sta, changed);
	sequence(p, ctl);
}

static struct hp_port *oldest(void)
{
	struct hp_port *best = NULL;

	for (unsigned i = 0; i < port_count; i++)
		if (ports[i].events && (!best || ports[i].since < best->since))
			best = &ports[i];
	return best;
}

/* p's record into the four reply words, and gone. */
static void report(struct hp_port *p, uint64_t *w0, uint64_t *w1, uint64_t *w2, uint64_t *w3)
{
	uint32_t slot = platform_pci_read(p->bdf, p->cap + PCIE_SLOT);
	uint32_t link = platform_pci_read(p->bdf, p->cap + PCIE_LINK);
	int powered = !p->power_ctl || !(slot & CTL_PCC);

	*w0 = p->bdf;
	*w1 = p->events;
	*w2 = (slot >> 16 & ~STA_CC) | (link & 0xFFFF0000u) |
	      (powered ? ERIX_HOTPLUG_STATE_POWERED : 0);
	*w3 = p->folds;
	p->events = 0;
	p->folds = 0;
}

void hotplug_tick(uint64_t tick)
{
	struct hp_port *p;
	struct tcb *t = waiter;

	now = tick;
	for (unsigned i = 0; i < port_count; i++)
		poll_port(&ports[i]);
	if (!t || !(p = oldest()))
		return;
	ipc_abort(t, ERIX_OK); /* ends the wait (hotplug_unwait), clears the words */
	report(p, &t->arch.regs.rdx, &t->arch.regs.r10, &t->arch.regs.r8, &t->arch.regs.r9);
}

void hotplug_unwait(const struct tcb *t)
{
	if (waiter == t)
		waiter = NULL;
}

/* w[0] timeout ticks (0 polls, ERIX_HOTPLUG_FOREVER waits for ever). */
enum erix_err hotplug_op_wait(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct hp_port *p;

	(void)ep;
	if (w[0] > ERIX_HOTPLUG_TIMEOUT_MAX && w[0] != ERIX_HOTPLUG_FOREVER)
		return ERIX_ERR_RANGE;
	if (!port_count)
		return ERIX_ERR_NOT_FOUND;
	if (waiter)
		return ERIX_ERR_BUSY;
	for (unsigned i = 0; i < port_count; i++)
		poll_port(&ports[i]);
	if ((p = oldest())) {
		report(p, &out[0], &out[1], &out[2], &out[3]);
		return ERIX_OK;
	}
	if (!w[0])
		return ERIX_ERR_TIMEOUT;
	waiter = sched_current();
	ipc_wait_event(waiter, WAIT_HOTPLUG, w[0] == ERIX_HOTPLUG_FOREVER ? 0 : w[0]);
	return ERIX_BLOCKED;
}
