/* The authority suite, interrupt part: IRQ_BIND, IRQ_ACK, IRQ_MASK and
 * IRQ_UNMASK on the irqd family. The keyboard controller raises IRQ 1 on demand: its "write
 * keyboard output buffer" command (0xD2) puts the next data byte in the
 * output buffer as if a key sent it, so rootd drives a real device line
 * through the I/O APIC to a notification. Another process's binding, and a
 * dead binder's, are host-tested (tests/unit/test_kcaps.c). */
#include "authority.h"
#include "kbd.h"

#define IE    (S + 160) /* the notification endpoint */
#define IE_RO (S + 161) /* a RECV-only copy */
#define KBD   1
#define WORD  0x2ull
#define PROBE 0x100ull

static uint64_t irq(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_IRQD, op, w1, w2, w3, 0, NULL);
}

/* The word the next RECV on IE returns, after a NOTIFY of PROBE: PROBE
 * alone if the line did not signal. */
static uint64_t probe(void)
{
	uint64_t word = 0;

	erix_notify_word(IE, PROBE);
	erix_recv_word(IE, NULL, &word);
	return word;
}

static void bind_denials(void)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	check("irq_bind_16", irq(ERIX_KCTL_IRQ_BIND, 16, IE, WORD), ERIX_ERR_RANGE);
	check("irq_bind_cascade_2", irq(ERIX_KCTL_IRQ_BIND, 2, IE, WORD), ERIX_ERR_RANGE);
	check("irq_bind_empty_slot", irq(ERIX_KCTL_IRQ_BIND, KBD, S + 254, WORD),
	      ERIX_ERR_EMPTY_SLOT);
	check("irq_bind_untyped", irq(ERIX_KCTL_IRQ_BIND, KBD, ERIX_SLOT_UNTYPED_BASE, WORD),
	      ERIX_ERR_WRONG_TYPE);
	check("irq_bind_control_endpoint", irq(ERIX_KCTL_IRQ_BIND, KBD, ERIX_SLOT_COM1, WORD),
	      ERIX_ERR_OP_DENIED);
	check("irq_bind_recv_only", irq(ERIX_KCTL_IRQ_BIND, KBD, IE_RO, WORD), ERIX_ERR_NO_RIGHTS);
	check("irq_bind_word_0", irq(ERIX_KCTL_IRQ_BIND, KBD, IE, 0), ERIX_ERR_INVALID_ARGUMENT);
	check("irq_bind_slot_4096", irq(ERIX_KCTL_IRQ_BIND, KBD, 4096, WORD),
	      ERIX_ERR_INVALID_SLOT);
	check("irq_unbind_unbound", irq(ERIX_KCTL_IRQ_BIND, KBD, ERIX_IRQ_UNBIND, 0),
	      ERIX_ERR_NOT_FOUND);
	check("irq_ack_unbound", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_ERR_NOT_FOUND);
	check("irq_ack_16", irq(ERIX_KCTL_IRQ_ACK, 16, 0, 0), ERIX_ERR_RANGE);
	check("irq_wait_not_implemented", irq(ERIX_KCTL_IRQ_WAIT, KBD, 0, 0),
	      ERIX_ERR_NOT_IMPLEMENTED);
	check("irq_mask_unbound", irq(ERIX_KCTL_IRQ_MASK, KBD, 0, 0), ERIX_ERR_NOT_FOUND);
	check("irq_unmask_unbound", irq(ERIX_KCTL_IRQ_UNMASK, KBD, 0, 0), ERIX_ERR_NOT_FOUND);
	check("irq_mask_16", irq(ERIX_KCTL_IRQ_MASK, 16, 0, 0), ERIX_ERR_RANGE);
	check("irq_unmask_cascade_2", irq(ERIX_KCTL_IRQ_UNMASK, 2, 0, 0), ERIX_ERR_RANGE);
	check("irq_mask_msi_unbound", irq(ERIX_KCTL_IRQ_MASK, ERIX_IRQ_MSI | 0x08, 0, 0),
	      ERIX_ERR_NOT_FOUND);
	check("irq_mask_on_i8042_family",
	      (uint64_t)erix_kctl(ERIX_SLOT_I8042, ERIX_KCTL_IRQ_MASK, KBD, 0, 0, 0, NULL),
	      ERIX_ERR_OP_DENIED);
	check("irq_unmask_on_hotplugd_family",
	      (uint64_t)erix_kctl(ERIX_SLOT_HOTPLUGD, ERIX_KCTL_IRQ_UNMASK, KBD, 0, 0, 0, NULL),
	      ERIX_ERR_OP_DENIED);
	check("irq_bind_on_i8042_family",
	      (uint64_t)erix_kctl(ERIX_SLOT_I8042, ERIX_KCTL_IRQ_BIND, KBD, IE, WORD, 0, NULL),
	      ERIX_ERR_OP_DENIED);
	check("irq_bind_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	/* Nothing was bound: a byte from the keyboard signals nobody. */
	kbd_inject(0x11);
	check("irq_denied_bind_no_signal", probe(), PROBE);
	kbd_drain();
}

/* The bound, acknowledged line: masked, an edge is held, not signalled;
 * unmasking signals it once. A mask while a notification is unacknowledged
 * leaves the held edge to the ACK, and only after the unmask. Denied masks
 * (above) changed nothing: the line still notifies. */
static void mask_cases(void)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF), word = 0;

	check("irq_mask", irq(ERIX_KCTL_IRQ_MASK, KBD, 0, 0), ERIX_OK);
	check("irq_mask_again", irq(ERIX_KCTL_IRQ_MASK, KBD, 0, 0), ERIX_OK);
	kbd_inject(0x61);
	check("irq_masked_no_signal", probe(), PROBE);
	check("irq_masked_device_byte", kbd_in(ERIX_IOPORT_I8042_DATA), 0x61);
	check("irq_masked_ack_no_signal", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	check("irq_masked_ack_held", probe(), PROBE);
	check("irq_unmask", irq(ERIX_KCTL_IRQ_UNMASK, KBD, 0, 0), ERIX_OK);
	check("irq_unmask_delivers_held", (uint64_t)erix_recv_word(IE, NULL, &word), ERIX_OK);
	check("irq_unmask_held_word", word, WORD);
	check("irq_unmask_once", probe(), PROBE);
	check("irq_unmask_again", irq(ERIX_KCTL_IRQ_UNMASK, KBD, 0, 0), ERIX_OK);
	check("irq_unmask_again_nothing", probe(), PROBE);
	/* Unacknowledged and masked: the edge waits for both. */
	check("irq_mask_unacked", irq(ERIX_KCTL_IRQ_MASK, KBD, 0, 0), ERIX_OK);
	kbd_inject(0x62);
	kbd_in(ERIX_IOPORT_I8042_DATA);
	check("irq_unmask_unacked", irq(ERIX_KCTL_IRQ_UNMASK, KBD, 0, 0), ERIX_OK);
	check("irq_unmask_unacked_waits_for_ack", probe(), PROBE);
	check("irq_ack_after_unmask", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	check("irq_ack_after_unmask_delivers", (uint64_t)erix_recv_word(IE, NULL, &word), ERIX_OK);
	check("irq_ack_after_unmask_word", word, WORD);
	check("irq_ack_unmasked", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	kbd_inject(0x63);
	check("irq_unmasked_delivers", (uint64_t)erix_recv_word(IE, NULL, &word), ERIX_OK);
	check("irq_unmasked_device_byte", kbd_in(ERIX_IOPORT_I8042_DATA), 0x63);
	check("irq_mask_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
}

static void delivery_cases(void)
{
	uint64_t sender = ~0ull, word = 0;

	check("irq_bind", irq(ERIX_KCTL_IRQ_BIND, KBD, IE, WORD), ERIX_OK);
	check("irq_bind_again_busy", irq(ERIX_KCTL_IRQ_BIND, KBD, IE, WORD), ERIX_ERR_BUSY);
	kbd_inject(0x5A);
	check("irq_delivered", (uint64_t)erix_recv_word(IE, &sender, &word), ERIX_OK);
	check("irq_delivered_word", word, WORD);
	check("irq_delivered_badge_kernel", sender, 0);
	check("irq_device_byte", kbd_in(ERIX_IOPORT_I8042_DATA), 0x5A);
	/* Not acknowledged: the next edge is held, not signalled... */
	kbd_inject(0x5B);
	check("irq_held_until_ack", probe(), PROBE);
	check("irq_held_device_byte", kbd_in(ERIX_IOPORT_I8042_DATA), 0x5B);
	/* ...and the acknowledgement signals it (an edge is never lost). */
	check("irq_ack", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	check("irq_held_edge_at_ack", (uint64_t)erix_recv_word(IE, NULL, &word), ERIX_OK);
	check("irq_held_edge_word", word, WORD);
	check("irq_ack_held", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	check("irq_ack_twice_nothing_held", probe(), PROBE);
	check("irq_ack_again", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	kbd_inject(0x5C);
	check("irq_after_ack_delivered", (uint64_t)erix_recv_word(IE, NULL, &word), ERIX_OK);
	check("irq_after_ack_word", word, WORD);
	check("irq_after_ack_device_byte", kbd_in(ERIX_IOPORT_I8042_DATA), 0x5C);
	check("irq_ack_before_mask", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_OK);
	mask_cases();
	check("irq_unbind", irq(ERIX_KCTL_IRQ_BIND, KBD, ERIX_IRQ_UNBIND, 0), ERIX_OK);
	check("irq_ack_after_unbind", irq(ERIX_KCTL_IRQ_ACK, KBD, 0, 0), ERIX_ERR_NOT_FOUND);
	check("irq_mask_after_unbind", irq(ERIX_KCTL_IRQ_MASK, KBD, 0, 0), ERIX_ERR_NOT_FOUND);
	check("irq_unmask_after_unbind", irq(ERIX_KCTL_IRQ_UNMASK, KBD, 0, 0), ERIX_ERR_NOT_FOUND);
	kbd_inject(0x5D);
	check("irq_unbound_no_signal", probe(), PROBE);
	kbd_drain();
}

void auth_irq_cases(void)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	check("irq_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, IE, 0, 0, 0), ERIX_OK);
	check("irq_endpoint_recv_only",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, IE, IE_RO, ERIX_RIGHT_RECV, 0), ERIX_OK);
	kbd_enable_irq();
	bind_denials();
	delivery_cases();
	/* The binding holds the endpoint after its caps are gone; unbinding
	 * frees it, to the byte. */
	check("irq_rebind_for_drop", irq(ERIX_KCTL_IRQ_BIND, KBD, IE, WORD), ERIX_OK);
	erix_drop_local_cap(IE_RO);
	erix_drop_local_cap(IE);
	check("irq_unbind_frees_endpoint", irq(ERIX_KCTL_IRQ_BIND, KBD, ERIX_IRQ_UNBIND, 0),
	      ERIX_OK);
	check("irq_every_byte_back", kmem_used(ERIX_KCTL_SELF), before);
}
