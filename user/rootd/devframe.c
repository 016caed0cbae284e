/* Device frames through the test-only root endpoint (DERIVE_DEVICE_FRAME
 * is in no DESIGN family): QEMU's standard VGA (PCI class 0x03) is found on
 * bus 0, a page of its register BAR (BAR 2) is derived and mapped, and the
 * Bochs display interface's ID register reads back (0xB0C0..0xB0C5 at
 * 0x500). Refusals: a BAR index past the header's BARs, a page past the
 * BAR, an absent function, a bus/device/function out of range, an
 * executable mapping; a device frame is no RAM frame (RETYPE refuses it). */
#include "rootd.h"

#define DF     (ROOTD_SLOT_SCRATCH + 200)
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
}
