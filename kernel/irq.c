/* IRQ lines: one binding per legacy IRQ, owned by the process that bound
 * it (only it may acknowledge or unbind the line, and its death unbinds
 * it), holding a reference on the endpoint it signals. Vectors are fixed,
 * ARCH_VECTOR_IRQ_BASE + IRQ, so the trap path needs no lookup and an
 * unbound line's vector is never routed.
 *
 * One notification per acknowledgement: a level line is masked in the I/O
 * APIC until IRQ_ACK (it would fire again at once); an edge line stays
 * unmasked, because a masked I/O APIC pin drops edges, and an edge that
 * comes before the ACK is held and signalled by the ACK. */
#include "irq.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "ipc.h"
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
	uint8_t level;
	uint8_t unacked; /* signalled, not yet acknowledged */
	uint8_t held;    /* an edge came while unacked */
};

static struct irq_line lines[ARCH_IRQ_LINES];
_Static_assert(ARCH_IRQ_LINES == ACPI_ISA_IRQS, "one line per ISA IRQ");

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

/* IRQ 2 is the 8259 cascade: never a device line. The index is clamped
 * so a mispredicted check cannot read past the table (Spectre v1). */
static enum erix_err decode_irq(uint64_t irq, struct irq_line **l)
{
	if (irq >= ARCH_IRQ_LINES || irq == 2)
		return ERIX_ERR_RANGE;
	*l = &lines[arch_index_nospec(irq, ARCH_IRQ_LINES)];
	return ERIX_OK;
}

/* The caller's own binding of a line (another process's is not found). */
static enum erix_err decode_owned(uint64_t irq, struct irq_line **l)
{
	enum erix_err err = decode_irq(irq, l);

	if (!err && (!(*l)->ep || (*l)->owner != process_of_current()))
		err = ERIX_ERR_NOT_FOUND;
	return err;
}

/* An IPC endpoint cap with SEND in the caller's window. */
static enum erix_err decode_target(uint64_t slot, struct endpoint **ep)
{
	struct cap *c;
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, slot, &c);

	if (err)
		return err;
	if (c->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if (c->type != ERIX_CAP_ENDPOINT)
		return ERIX_ERR_WRONG_TYPE;
	if (!endpoint_is_ipc(cap_endpoint_kind(c)))
		return ERIX_ERR_OP_DENIED;
	if (!cap_has_rights(c, ERIX_RIGHT_SEND))
		return ERIX_ERR_NO_RIGHTS;
	*ep = c->obj;
	return ERIX_OK;
}

static void unbind(struct irq_line *l)
{
	arch_ioapic_mask(l->ioapic, l->pin, true);
	endpoint_unref(l->ep);
	*l = (struct irq_line){0};
}

/* w[0] IRQ, w[1] endpoint slot (or ERIX_IRQ_UNBIND), w[2] word (not 0). */
enum erix_err irq_op_bind(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct irq_line *l;
	struct endpoint *target;
	const struct acpi_isa_irq *isa;
	paddr_t ioapic;
	uint32_t pin;
	enum erix_err err;

	(void)ep;
	(void)out;
	if (w[1] == ERIX_IRQ_UNBIND) {
		if (!(err = decode_owned(w[0], &l)))
			unbind(l);
		return err;
	}
	if ((err = decode_irq(w[0], &l)) || (err = decode_target(w[1], &target)) ||
	    (err = find_pin((unsigned)(l - lines), &ioapic, &pin)))
		return err;
	if (!w[2])
		return ERIX_ERR_INVALID_ARGUMENT;
	if (l->ep)
		return ERIX_ERR_BUSY;
	isa = &platform.isa[l - lines];
	endpoint_ref(target);
	*l = (struct irq_line){.ep = target,
	                       .owner = process_of_current(),
	                       .word = w[2],
	                       .ioapic = ioapic,
	                       .pin = pin,
	                       .level = isa->level};
	arch_ioapic_route(ioapic, pin, ARCH_VECTOR_IRQ_BASE + (unsigned)(l - lines), isa->level,
	                  isa->active_low);
	arch_ioapic_mask(ioapic, pin, false);
	return ERIX_OK;
}

/* w[0] IRQ: the served line may signal again (an edge held meanwhile is
 * signalled now). */
enum erix_err irq_op_ack(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct irq_line *l;
	enum erix_err err = decode_owned(w[0], &l);

	(void)ep;
	(void)out;
	if (err)
		return err;
	l->unacked = 0;
	if (l->level)
		arch_ioapic_mask(l->ioapic, l->pin, false);
	if (l->held) {
		l->held = 0;
		l->unacked = 1;
		ipc_signal(l->ep, l->word);
	}
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
	if (l->unacked) {
		l->held = 1;
		return;
	}
	l->unacked = 1;
	ipc_signal(l->ep, l->word);
}
