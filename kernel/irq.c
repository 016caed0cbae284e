/* IRQ lines: one binding per legacy IRQ (lines 0..15) or per PCI
 * function's MSI (lines 16..31, taken as bound), owned by the process that
 * bound it (only it may acknowledge or unbind the line, and its death
 * unbinds it), holding a reference on the endpoint it signals. Vectors are
 * fixed, ARCH_VECTOR_IRQ_BASE + line, so the trap path needs no lookup and
 * an unbound line's vector is never routed.
 *
 * One notification per acknowledgement: a level line is masked in the I/O
 * APIC until IRQ_ACK (it would fire again at once); an edge line (and an
 * MSI, always an edge) stays unmasked, because a masked I/O APIC pin drops
 * edges, and an edge that comes before the ACK is held and signalled by
 * the ACK.
 *
 * IRQ_MASK stops a line notifying until IRQ_UNMASK, without unbinding it.
 * A level line is masked in its I/O APIC pin: it stays asserted and fires
 * again once unmasked. An edge line cannot be (the pin would drop the edge,
 * 82093AA datasheet 3.2.4): its mask is the kernel's, the pin stays open and
 * an edge that comes meanwhile is held, as before an ACK. An MSI uses the
 * function's mask bit where it has per-vector masking (the function holds
 * the message in its pending bit), the kernel's mask otherwise. Unmasking
 * signals what was held, unless a notification is still unacknowledged
 * (the ACK signals it then): masking never adds or loses a notification. */
#include "irq.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "ipc.h"
#include "msi.h"
#include "platform.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"

struct irq_line {
	struct endpoint *ep;   /* bound: one reference */
	struct process *owner; /* the binder */
	uint64_t word;         /* the notification word */
	paddr_t ioapic;
	uint32_t pin;
	struct msi_state msi; /* MSI lines: the function and its capability */
	uint8_t level;
	uint8_t unacked; /* signalled, not yet acknowledged */
	uint8_t held;    /* an edge came while unacked or masked */
	uint8_t masked;  /* IRQ_MASK: no notification until IRQ_UNMASK */
	uint8_t hw_mask; /* masked in the device (MSI per-vector mask) */
};

static struct irq_line lines[ARCH_IRQ_LINES];
_Static_assert(ARCH_ISA_LINES == ACPI_ISA_IRQS, "one line per ISA IRQ");
_Static_assert(ARCH_IRQ_LINES - ARCH_ISA_LINES == ERIX_IRQ_MSI_LINES, "MSI lines");

static int is_msi_line(const struct irq_line *l)
{
	return l - lines >= ARCH_ISA_LINES;
}

/* The I/O APIC pin of an ISA IRQ's GSI, or ERIX_ERR_NOT_FOUND. */
static enum erix_err find_pin(unsigned irq, paddr_t *ioapic, uint32_t *pin)
{
	uint32_t gsi = platform.isa[irq].gsi;

	for (uint32_t i = 0; i < platform.ioapic_count; i++) {
		const struct acpi_ioapic *io = &platform.ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < arch_ioapic_pins(io->phys)) {
			*ioapic = io->phys;
			*pin = gsi - io->gsi_base;
			return ERIX_OK;
		}
	}
	return ERIX_ERR_NOT_FOUND;
}

/* The MSI line bound to function bdf, or (free_ok) a free MSI line. */
static struct irq_line *msi_line(uint64_t bdf, int free_ok)
{
	struct irq_line *free = NULL;

	for (unsigned i = ARCH_ISA_LINES; i < ARCH_IRQ_LINES; i++) {
		if (lines[i].ep && lines[i].msi.bdf == bdf)
			return &lines[i];
		if (!lines[i].ep && !free)
			free = &lines[i];
	}
	return free_ok ? free : NULL;
}

/* A legacy IRQ (IRQ 2 is the 8259 cascade: never a device line), its
 * index clamped so a mispredicted check cannot read past the table
 * (Spectre v1); or ERIX_IRQ_MSI | bdf: the function's line (bind: or a
 * free one; none free is ERIX_ERR_NO_MEMORY). */
static enum erix_err decode_irq(uint64_t irq, int bind, struct irq_line **l)
{
	if ((irq & ~0xFFFFull) == ERIX_IRQ_MSI) {
		*l = msi_line(irq & 0xFFFF, bind);
		return *l ? ERIX_OK : bind ? ERIX_ERR_NO_MEMORY : ERIX_ERR_NOT_FOUND;
	}
	if (irq >= ARCH_ISA_LINES || irq == 2)
		return ERIX_ERR_RANGE;
	*l = &lines[arch_index_nospec(irq, ARCH_ISA_LINES)];
	return ERIX_OK;
}

/* The caller's own binding of a line (another process's is not found). */
static enum erix_err decode_owned(uint64_t irq, struct irq_line **l)
{
	enum erix_err err = decode_irq(irq, 0, l);

	if (!err && (!(*l)->ep || (*l)->owner != process_of_current()))
		err = ERIX_ERR_NOT_FOUND;
	return err;
}

/* An IPC endpoint cap with SEND in the caller's window. */
static enum erix_err decode_target(uint64_t slot, struct endpoint **ep)
{
	struct cap *c;
	enum erix_err err =
	    cap_decode_ipc_endpoint(sched_current()->cspace, slot, ERIX_RIGHT_SEND, &c);

	if (!err)
		*ep = c->obj;
	return err;
}

static void unbind(struct irq_line *l)
{
	if (is_msi_line(l))
		msi_disable(&l->msi);
	else
		arch_ioapic_mask(l->ioapic, l->pin, true);
	endpoint_unref(l->ep);
	*l = (struct irq_line){0};
}

/* Authority over a function: a device frame the caller holds that was
 * derived from one of its BARs. Binding its MSI turns on its bus
 * mastering, which only whoever already drives the device may ask for. */
static enum erix_err decode_function(uint64_t slot, uint16_t bdf)
{
	struct cap *c;
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, slot, &c);

	if (err)
		return err;
	if (c->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if (c->type != ERIX_CAP_DEVICE_FRAME)
		return ERIX_ERR_WRONG_TYPE;
	return c->reserved == (uint64_t)bdf + 1 ? ERIX_OK : ERIX_ERR_NO_RIGHTS;
}

/* Where the line's signal comes from: its I/O APIC pin, or (with the
 * function's device frame at frame_slot) its function's MSI capability. */
static enum erix_err decode_source(uint64_t irq, uint64_t frame_slot, struct irq_line *l,
                                   struct irq_line *src)
{
	enum erix_err err;

	*src = (struct irq_line){0};
	if (is_msi_line(l)) {
		if ((err = decode_function(frame_slot, (uint16_t)irq)))
			return err;
		return msi_find((uint16_t)irq, &src->msi);
	}
	src->level = platform.isa[l - lines].level;
	return find_pin((unsigned)(l - lines), &src->ioapic, &src->pin);
}

static void route(struct irq_line *l)
{
	unsigned vector = ARCH_VECTOR_IRQ_BASE + (unsigned)(l - lines);

	if (is_msi_line(l)) {
		msi_enable(&l->msi, vector);
		return;
	}
	arch_ioapic_route(l->ioapic, l->pin, vector, l->level, platform.isa[l - lines].active_low);
	arch_ioapic_mask(l->ioapic, l->pin, false);
}

/* w[0] IRQ, w[1] endpoint slot (or ERIX_IRQ_UNBIND), w[2] word (not 0). */
enum erix_err irq_op_bind(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct irq_line *l, src;
	struct endpoint *target;
	enum erix_err err;

	(void)ep;
	(void)out;
	if (w[1] == ERIX_IRQ_UNBIND) {
		if (!(err = decode_owned(w[0], &l)))
			unbind(l);
		return err;
	}
	if ((err = decode_irq(w[0], 1, &l)) || (err = decode_target(w[1], &target)) ||
	    (err = decode_source(w[0], w[3], l, &src)))
		return err;
	if (!w[2])
		return ERIX_ERR_INVALID_ARGUMENT;
	if (l->ep)
		return ERIX_ERR_BUSY;
	endpoint_ref(target);
	*l = src;
	l->ep = target;
	l->owner = process_of_current();
	l->word = w[2];
	route(l);
	return ERIX_OK;
}

/* Neither unacknowledged nor masked: what was held is signalled, and a
 * level line's pin opens again. */
static void reopen(struct irq_line *l)
{
	if (l->unacked || l->masked)
		return;
	if (l->level)
		arch_ioapic_mask(l->ioapic, l->pin, false);
	if (l->held) {
		l->held = 0;
		l->unacked = 1;
		ipc_signal(l->ep, l->word);
	}
}

/* w[0] IRQ: the served line may signal again (an edge held meanwhile is
 * signalled now, unless the line is masked). */
enum erix_err irq_op_ack(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct irq_line *l;
	enum erix_err err = decode_owned(w[0], &l);

	(void)ep;
	(void)out;
	if (err)
		return err;
	l->unacked = 0;
	reopen(l);
	return ERIX_OK;
}

/* w[0] IRQ: the caller's line stops notifying (see the top of the file). */
enum erix_err irq_op_mask(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct irq_line *l;
	enum erix_err err = decode_owned(w[0], &l);

	(void)ep;
	(void)out;
	if (err || l->masked)
		return err;
	l->masked = 1;
	if (l->level)
		arch_ioapic_mask(l->ioapic, l->pin, true);
	else if (is_msi_line(l))
		l->hw_mask = (uint8_t)msi_mask(&l->msi, 1);
	return ERIX_OK;
}

/* w[0] IRQ: the caller's masked line notifies again; what it held comes
 * now (or at the ACK it still waits for). */
enum erix_err irq_op_unmask(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct irq_line *l;
	enum erix_err err = decode_owned(w[0], &l);

	(void)ep;
	(void)out;
	if (err || !l->masked)
		return err;
	l->masked = 0;
	if (l->hw_mask)
		msi_mask(&l->msi, 0);
	l->hw_mask = 0;
	reopen(l);
	return ERIX_OK;
}

void irq_release(const struct process *p)
{
	for (unsigned i = 0; i < ARCH_IRQ_LINES; i++)
		if (lines[i].ep && lines[i].owner == p)
			unbind(&lines[i]);
}

void kernel_irq(unsigned irq)
{
	struct irq_line *l = irq < ARCH_IRQ_LINES ? &lines[irq] : NULL;

	if (!l || !l->ep)
		return; /* unbound since it was raised: already masked */
	if (l->level)
		arch_ioapic_mask(l->ioapic, l->pin, true);
	if (l->level && l->masked)
		return; /* raised before the mask: still asserted at unmask */
	if (l->unacked || l->masked) {
		l->held = 1;
		return;
	}
	l->unacked = 1;
	ipc_signal(l->ep, l->word);
}
