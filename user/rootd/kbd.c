/* rootd's own use of the keyboard controller (the authority suite's and
 * the bench's IRQ 1): port access through the i8042 family, bounded
 * waits, and the "write keyboard output buffer" command that raises IRQ 1
 * on demand. The default image's driver is user/drivers/. */
#include "kbd.h"

#include "rootd.h"

#define I8042_STATUS_OBF  0x1
#define I8042_CMD_INJECT  0xD2
#define I8042_CCB_KBD_INT 0x01
#define I8042_CCB_KBD_OFF 0x10

uint8_t kbd_in(uint64_t port)
{
	uint64_t out[4] = {0, 0, 0, 0};

	erix_kctl(ERIX_SLOT_I8042, ERIX_KCTL_IOPORT_READ8, port, 0, 0, 0, out);
	return (uint8_t)out[0];
}

void kbd_out(uint64_t port, uint8_t v)
{
	erix_kctl(ERIX_SLOT_I8042, ERIX_KCTL_IOPORT_WRITE8, port, v, 0, 0, NULL);
}

/* Bounded: a controller that never answers leaves the buffer as it is. */
int kbd_wait_full(void)
{
	for (int i = 0; i < 10000; i++)
		if (kbd_in(ERIX_IOPORT_I8042_CMD) & I8042_STATUS_OBF)
			return 1;
	return 0;
}

void kbd_drain(void)
{
	for (int i = 0; i < 32 && (kbd_in(ERIX_IOPORT_I8042_CMD) & I8042_STATUS_OBF); i++)
		kbd_in(ERIX_IOPORT_I8042_DATA);
}

/* Keyboard interrupts on in the controller's command byte (the firmware
 * may leave them off); the line stays masked in the I/O APIC until bound. */
void kbd_enable_irq(void)
{
	uint8_t ccb = 0;

	kbd_drain();
	kbd_out(ERIX_IOPORT_I8042_CMD, ERIX_I8042_CMD_READ_CCB);
	if (kbd_wait_full())
		ccb = kbd_in(ERIX_IOPORT_I8042_DATA);
	kbd_out(ERIX_IOPORT_I8042_CMD, ERIX_I8042_CMD_WRITE_CCB);
	kbd_out(ERIX_IOPORT_I8042_DATA, (uint8_t)((ccb | I8042_CCB_KBD_INT) & ~I8042_CCB_KBD_OFF));
	kbd_drain();
}

void kbd_inject(uint8_t byte)
{
	kbd_out(ERIX_IOPORT_I8042_CMD, I8042_CMD_INJECT);
	kbd_out(ERIX_IOPORT_I8042_DATA, byte);
	kbd_wait_full();
}
