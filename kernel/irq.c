/* IRQ lines: one binding per legacy IRQ, holding a reference on the
 * endpoint it signals (so the notification target lives while the line is
 * bound). Vectors are fixed, ARCH_VECTOR_IRQ_BASE + IRQ, so the trap path
 * needs no lookup and an unbound line's vector is never routed. */
#include "irq.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "ipc.h"
#include "platform.h"
#include "sched.h"
#include "tcb.h"

struct irq_line {
	struct endpoint *ep; /* bound: one reference */
	uint64_t word;       /* the notification word */
	paddr_t ioapic;
	uint32_t pin;
	uint8_t masked; /* fired and not yet acknowledged */
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

/* IRQ 2 is the 8259 cascade: never a device line. */
static enum erix_err decode_irq(uint64_t irq)
{
	return irq < ARCH_IRQ_LINES && irq != 2 ? ERIX_OK : ERIX_ERR_RANGE;
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
	enum erix_err err = decode_irq(w[0]);

	(void)ep;
	(void)out;
	if (err)
		return err;
	l = &lines[w[0]];
	if (w[1] == ERIX_IRQ_UNBIND) {
		if (!l->ep)
			return ERIX_ERR_NOT_FOUND;
		unbind(l);
		return ERIX_OK;
	}
	if ((err = decode_target(w[1], &target)) || (err = find_pin((unsigned)w[0], &ioapic, &pin)))
		return err;
	if (!w[2])
		return ERIX_ERR_INVALID_ARGUMENT;
	if (l->ep)
		return ERIX_ERR_BUSY;
	endpoint_ref(target);
	*l = (struct irq_line){.ep = target, .word = w[2], .ioapic = ioapic, .pin = pin};
	isa = &platform.isa[w[0]];
	arch_ioapic_route(ioapic, pin, ARCH_VECTOR_IRQ_BASE + (unsigned)w[0], isa->level,
	                  isa->active_low);
	arch_ioapic_mask(ioapic, pin, false);
	return ERIX_OK;
}

/* w[0] IRQ: the bound line is unmasked again. */
enum erix_err irq_op_ack(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	enum erix_err err = decode_irq(w[0]);

	(void)ep;
	(void)out;
	if (err)
		return err;
	if (!lines[w[0]].ep)
		return ERIX_ERR_NOT_FOUND;
	lines[w[0]].masked = 0;
	arch_ioapic_mask(lines[w[0]].ioapic, lines[w[0]].pin, false);
	return ERIX_OK;
}

void kernel_irq(unsigned irq)
{
	struct irq_line *l = irq < ARCH_IRQ_LINES ? &lines[irq] : NULL;

	if (!l || !l->ep)
		return; /* unbound since it was raised: already masked */
	arch_ioapic_mask(l->ioapic, l->pin, true);
	l->masked = 1;
	ipc_signal(l->ep, l->word);
}
