/* Device frames through the test-only root endpoint (DERIVE_DEVICE_FRAME
 * is in no DESIGN family): QEMU's standard VGA (PCI class 0x03) is found on
 * bus 0, a page of its register BAR (BAR 2) is derived and mapped, and the
 * Bochs display interface's ID register reads back (0xB0C0..0xB0C5 at
 * 0x500). Refusals: a BAR index past the header's BARs, a page past the
 * BAR, an absent function, a bus/device/function out of range, an
 * executable mapping; a device frame is no RAM frame (RETYPE refuses it). */
#include "rootd.h"

#define DF     (ROOTD_SLOT_SCRATCH + 200)
#define EDU_EP (ROOTD_SLOT_SCRATCH + 202)
#define EDU_VA 0x4C000000ull
#define DF2    (ROOTD_SLOT_SCRATCH + 201)
#define DF_VA  0x48000000ull
#define VGA_ID 0x500

static uint64_t root(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
                     uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_TEST_ROOT, op, w1, w2, w3, w4, out);
}

static uint32_t cfg(uint64_t dev, uint64_t off)
{
	uint64_t out[4] = {0xFFFFFFFF, 0, 0, 0};

	root(ERIX_KCTL_READ_PCI_CONFIG_DWORD, 0, dev, 0, off, out);
	return (uint32_t)out[0];
}

static uint64_t derive(uint64_t slot, uint64_t bdf, uint64_t bar, uint64_t page)
{
	return root(ERIX_KCTL_DERIVE_DEVICE_FRAME, slot, bdf, bar, page, NULL);
}

static void expect_type(const char *what, uint64_t slot, uint64_t type)
{
	struct erix_cap_info info = {~0ull, 0, 0};

	erix_query_local_cap(slot, &info);
	expect(what, info.type, type);
}

/* QEMU's educational device (-device edu, PCI 1234:11e8): BAR 0 holds an
 * identification register (0x00, low byte 0xed), a liveness register that
 * reads back inverted (0x04), the interrupt status (0x24), and registers
 * that raise (0x60) and acknowledge (0x64) its interrupt, an MSI once MSI
 * is on. */
#define EDU_ID       0x11E81234u
#define EDU_IDENT    0x00
#define EDU_LIVENESS 0x04
#define EDU_STATUS   0x24
#define EDU_RAISE    0x60
#define EDU_ACK      0x64
#define EDU_WORD     0x8ull
#define EDU_PROBE    0x100ull

static uint64_t irqd(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_IRQD, op, w1, w2, w3, w4, NULL);
}

static uint64_t edu_probe(void)
{
	uint64_t word = 0;

	erix_notify_word(EDU_EP, EDU_PROBE);
	erix_recv_word(EDU_EP, NULL, &word);
	return word;
}

/* An MSI from a real device to a notification: bind, raise, receive,
 * acknowledge (device, then line), again, unbind and nothing more. */
static void verify_msi(uint64_t dev, uint64_t absent)
{
	volatile uint32_t *edu = (volatile uint32_t *)EDU_VA;
	const uint64_t msi = ERIX_IRQ_MSI | dev << 3;
	uint64_t word = 0, sender = ~0ull;

	expect("edu_frame", derive(DF, dev << 3, 0, 0), ERIX_OK);
	expect("edu_map",
	       root(ERIX_KCTL_MAP_FRAME, DF, ERIX_KCTL_SELF, EDU_VA,
	            ERIX_PROT_READ | ERIX_PROT_WRITE, NULL),
	       ERIX_OK);
	expect("edu_ident", edu[EDU_IDENT / 4] & 0xFF, 0xED);
	edu[EDU_LIVENESS / 4] = 0x12345678;
	expect("edu_liveness", edu[EDU_LIVENESS / 4], ~0x12345678u);
	expect("edu_endpoint",
	       (uint64_t)erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_CREATE_ENDPOINT, EDU_EP, 0,
	                           0, 0, NULL),
	       ERIX_OK);
	/* The function's MSI needs a device frame of that very function. */
	expect("msi_bind_without_frame", irqd(ERIX_KCTL_IRQ_BIND, msi, EDU_EP, EDU_WORD, DF2),
	       ERIX_ERR_EMPTY_SLOT);
	expect("msi_bind_endpoint_as_frame",
	       irqd(ERIX_KCTL_IRQ_BIND, msi, EDU_EP, EDU_WORD, EDU_EP), ERIX_ERR_WRONG_TYPE);
	expect("msi_bind_other_functions_frame",
	       irqd(ERIX_KCTL_IRQ_BIND, ERIX_IRQ_MSI | absent << 3, EDU_EP, EDU_WORD, DF),
	       ERIX_ERR_NO_RIGHTS);
	expect("msi_ack_unbound", irqd(ERIX_KCTL_IRQ_ACK, msi, 0, 0, 0), ERIX_ERR_NOT_FOUND);
	expect("msi_bind_past_bdf",
	       irqd(ERIX_KCTL_IRQ_BIND, ERIX_IRQ_MSI << 1, EDU_EP, EDU_WORD, DF), ERIX_ERR_RANGE);
	expect("msi_bind", irqd(ERIX_KCTL_IRQ_BIND, msi, EDU_EP, EDU_WORD, DF), ERIX_OK);
	expect("msi_bind_again_busy", irqd(ERIX_KCTL_IRQ_BIND, msi, EDU_EP, EDU_WORD, DF),
	       ERIX_ERR_BUSY);
	edu[EDU_RAISE / 4] = 1;
	expect("msi_delivered", (uint64_t)erix_recv_word(EDU_EP, &sender, &word), ERIX_OK);
	expect("msi_word", word, EDU_WORD);
	expect("msi_badge_kernel", sender, 0);
	expect("edu_status", edu[EDU_STATUS / 4], 1);
	edu[EDU_ACK / 4] = 1;
	expect("msi_ack", irqd(ERIX_KCTL_IRQ_ACK, msi, 0, 0, 0), ERIX_OK);
	edu[EDU_RAISE / 4] = 2;
	expect("msi_again", (uint64_t)erix_recv_word(EDU_EP, NULL, &word), ERIX_OK);
	expect("msi_again_word", word, EDU_WORD);
	edu[EDU_ACK / 4] = 2;
	expect("msi_ack_again", irqd(ERIX_KCTL_IRQ_ACK, msi, 0, 0, 0), ERIX_OK);
	/* edu's MSI has no per-vector mask: the kernel holds the message. */
	expect("msi_mask", irqd(ERIX_KCTL_IRQ_MASK, msi, 0, 0, 0), ERIX_OK);
	edu[EDU_RAISE / 4] = 8;
	expect("msi_masked_no_signal", edu_probe(), EDU_PROBE);
	edu[EDU_ACK / 4] = 8;
	expect("msi_unmask", irqd(ERIX_KCTL_IRQ_UNMASK, msi, 0, 0, 0), ERIX_OK);
	expect("msi_unmask_delivers", (uint64_t)erix_recv_word(EDU_EP, NULL, &word), ERIX_OK);
	expect("msi_unmask_word", word, EDU_WORD);
	expect("msi_ack_unmasked", irqd(ERIX_KCTL_IRQ_ACK, msi, 0, 0, 0), ERIX_OK);
	expect("msi_unbind", irqd(ERIX_KCTL_IRQ_BIND, msi, ERIX_IRQ_UNBIND, 0, 0), ERIX_OK);
	edu[EDU_RAISE / 4] = 4;
	expect("msi_unbound_no_signal", edu_probe(), EDU_PROBE);
	edu[EDU_ACK / 4] = 4;
	erix_log("msi: edu device raised, notified, acknowledged");
	root(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, EDU_VA, 0, 0, NULL);
	erix_drop_local_cap(DF);
	erix_drop_local_cap(EDU_EP);
}

void verify_device_frames(void)
{
	uint64_t vga = 32, absent = 32, out[4] = {0, 0, 0, 0};
	volatile uint16_t *regs = (volatile uint16_t *)(DF_VA + VGA_ID);

	for (uint64_t d = 0; d < 32; d++) {
		uint32_t id = cfg(d, 0);

		if ((id & 0xFFFF) == 0xFFFF && absent == 32)
			absent = d;
		if ((id & 0xFFFF) != 0xFFFF && cfg(d, 8) >> 24 == 0x03 && vga == 32)
			vga = d;
	}
	if (vga == 32 || absent == 32) {
		erix_log("device frames: no VGA or no free device number on bus 0: not checked");
		return;
	}
	expect("devframe_bar_6", derive(DF, vga << 3, 6, 0), ERIX_ERR_RANGE);
	expect("devframe_page_past_bar", derive(DF, vga << 3, 2, 1), ERIX_ERR_RANGE);
	expect("devframe_absent_function", derive(DF, absent << 3, 0, 0), ERIX_ERR_NOT_FOUND);
	expect("devframe_bdf_out_of_range", derive(DF, 0x10000, 0, 0), ERIX_ERR_RANGE);
	expect("devframe_dest_busy", derive(ERIX_SLOT_COM1, vga << 3, 2, 0), ERIX_ERR_BUSY);
	expect_type("devframe_denials_slot", DF, ERIX_CAP_NULL);
	expect("devframe_vga_bar2", root(ERIX_KCTL_DERIVE_DEVICE_FRAME, DF, vga << 3, 2, 0, out),
	       ERIX_OK);
	expect("devframe_address_is_bar2", out[0], cfg(vga, 0x18) & ~0xFull);
	expect_type("devframe_type", DF, ERIX_CAP_DEVICE_FRAME);
	expect("devframe_map_exec_refused",
	       root(ERIX_KCTL_MAP_FRAME, DF, ERIX_KCTL_SELF, DF_VA, ERIX_PROT_READ | ERIX_PROT_EXEC,
	            NULL),
	       ERIX_ERR_INVALID_ARGUMENT);
	expect("devframe_not_retypeable",
	       root(ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, DF, DF2, 1, ERIX_PAGE_SHIFT, NULL),
	       ERIX_ERR_WRONG_TYPE);
	expect("devframe_map",
	       root(ERIX_KCTL_MAP_FRAME, DF, ERIX_KCTL_SELF, DF_VA,
	            ERIX_PROT_READ | ERIX_PROT_WRITE, NULL),
	       ERIX_OK);
	expect("devframe_vga_dispi_id", regs[0] & 0xFFF0, 0xB0C0);
	erix_log((regs[0] & 0xFFF0) == 0xB0C0
	             ? "device frame: VGA BAR 2 mapped, Bochs DISPI ID read"
	             : "device frame: VGA BAR 2 mapped, wrong DISPI ID");
	expect("devframe_unmap", root(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, DF_VA, 0, 0, NULL),
	       ERIX_OK);
	expect("devframe_drop", (uint64_t)erix_drop_local_cap(DF), ERIX_OK);
	for (uint64_t d = 0; d < 32; d++)
		if (cfg(d, 0) == EDU_ID) {
			verify_msi(d, absent);
			return;
		}
	erix_log("no edu device: MSI not checked");
}
