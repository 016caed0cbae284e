/* User-space drivers: COM1 (IRQ 4) echoes what is typed on the serial
 * line, the i8042 (IRQ 1) logs the keyboard's scan codes. Each binds its
 * line to its endpoint, then serves it: rootd's ready CALL gets the ready
 * bits, a notification drains the device and acknowledges the line. Every port
 * access is a kernel-control CALL on the device's family (drivers.h). */
#include <erix.h>

#include "drivers.h"

#define COM1        ERIX_IOPORT_COM1_FIRST
#define COM1_IRQ    4
#define COM1_IER    1
#define COM1_MCR    4
#define COM1_LSR    5
#define IER_RX      0x01
#define MCR_DTR_RTS 0x03
#define MCR_OUT2    0x08 /* gates the UART's interrupt onto the bus */
#define LSR_DATA    0x01

#define KBD_IRQ         1
#define KBD_DATA        ERIX_IOPORT_I8042_DATA
#define KBD_STATUS      ERIX_IOPORT_I8042_CMD
#define KBD_CMD         ERIX_IOPORT_I8042_CMD
#define KBD_OBF         0x01
#define KBD_IBF         0x02
#define KBD_AUX         0x20 /* the byte is from the mouse port */
#define KBD_READ_CCB    0x20
#define KBD_WRITE_CCB   0x60
#define KBD_ENABLE_PORT 0xAE
#define KBD_CCB_INT     0x01
#define KBD_CCB_OFF     0x10
#define KBD_SCAN_ON     0xF4
#define KBD_ACK         0xFA
#define KBD_POLLS       100000 /* bounded waits: a dead controller never hangs us */

static uint64_t first_err;

static uint64_t note(int err)
{
	if (err && !first_err)
		first_err = (uint64_t)err;
	return (uint64_t)err;
}

static uint8_t in8(uint64_t port)
{
	uint64_t out[4] = {0, 0, 0, 0};

	note(erix_kctl(DRV_SLOT_PORTS, ERIX_KCTL_IOPORT_READ8, port, 0, 0, 0, out));
	return (uint8_t)out[0];
}

static int out8(uint64_t port, uint8_t v)
{
	return (int)note(erix_kctl(DRV_SLOT_PORTS, ERIX_KCTL_IOPORT_WRITE8, port, v, 0, 0, NULL));
}

static int irq_bind(uint64_t irq)
{
	return (int)note(
	    erix_kctl(DRV_SLOT_IRQD, ERIX_KCTL_IRQ_BIND, irq, DRV_SLOT_EP, 1ull << irq, 0, NULL));
}

static void irq_ack(uint64_t irq)
{
	note(erix_kctl(DRV_SLOT_IRQD, ERIX_KCTL_IRQ_ACK, irq, 0, 0, 0, NULL));
}

/* The serving loop: rootd's CALL gets the ready bits (at any time: a
 * CALL that timed out meanwhile is simply gone), a notification runs the
 * device's service. */
static __attribute__((noreturn)) void serve(uint64_t ready, void (*service)(void))
{
	for (;;) {
		struct erix_msg m = {0, 0, {0, 0, 0, 0}};
		const uint64_t w[4] = {ready, first_err, 0, 0};

		if (erix_recv_msg(DRV_SLOT_EP, 0, &m) != ERIX_OK)
			continue;
		if ((m.info & 0xFF) == ERIX_MSG_CALL)
			erix_reply(DRV_SLOT_EP, w);
		else if ((m.info & 0xFF) == ERIX_MSG_NOTIFY && service)
			service();
	}
}

/* ------------------------------------------------------------- COM1 */

static void com1_drain(void)
{
	for (int i = 0; i < 256 && (in8(COM1 + COM1_LSR) & LSR_DATA); i++) {
		uint8_t c = in8(COM1);

		/* The kernel owns line starts: the echo lands behind its
		 * USER_SERIAL prefix, a carriage return ends the line. */
		out8(COM1, c == '\r' ? '\n' : c);
	}
}

static void com1_service(void)
{
	com1_drain();
	irq_ack(COM1_IRQ);
}

static void com1(void)
{
	int err = irq_bind(COM1_IRQ);

	if (!err)
		err = out8(COM1 + COM1_MCR, MCR_DTR_RTS | MCR_OUT2);
	if (!err)
		err = out8(COM1 + COM1_IER, IER_RX);
	/* Bytes typed before the interrupt was on raised no edge. */
	if (!err)
		com1_drain();
	serve(err ? 0 : DRV_READY_COM1, err ? NULL : com1_service);
}

/* ------------------------------------------------------------ i8042 */

static int kbd_wait(uint8_t mask, int set)
{
	for (int i = 0; i < KBD_POLLS; i++)
		if (!!(in8(KBD_STATUS) & mask) == set)
			return 1;
	return 0;
}

static void kbd_drain(void)
{
	for (int i = 0; i < 32 && (in8(KBD_STATUS) & KBD_OBF); i++)
		in8(KBD_DATA);
}

/* The controller: its interrupt on, the keyboard port's clock on. */
static int kbd_controller(void)
{
	uint8_t ccb;

	kbd_drain();
	if (out8(KBD_CMD, KBD_READ_CCB) || !kbd_wait(KBD_OBF, 1))
		return 0;
	ccb = in8(KBD_DATA);
	ccb = (uint8_t)((ccb | KBD_CCB_INT) & ~KBD_CCB_OFF);
	if (out8(KBD_CMD, KBD_WRITE_CCB) || !kbd_wait(KBD_IBF, 0) || out8(KBD_DATA, ccb))
		return 0;
	return out8(KBD_CMD, KBD_ENABLE_PORT) == ERIX_OK;
}

/* The keyboard: "enable scanning", acknowledged (polled before the line
 * is bound, so the ACK is not taken for a key). */
static int kbd_keyboard(void)
{
	if (!kbd_wait(KBD_IBF, 0) || out8(KBD_DATA, KBD_SCAN_ON))
		return 0;
	for (int i = 0; i < 4; i++) {
		if (!kbd_wait(KBD_OBF, 1))
			return 0;
		if (in8(KBD_DATA) == KBD_ACK)
			return 1;
	}
	return 0;
}

static void kbd_report(uint8_t code)
{
	static const char hex[] = "0123456789abcdef";
	char line[32], *p = erix_str_append(line, ERIX_MARK_DRV_SCANCODE "0x");

	*p++ = hex[code >> 4];
	*p++ = hex[code & 0xF];
	*p = 0;
	erix_log_via(DRV_SLOT_LOG, line);
}

static void kbd_read_codes(void)
{
	for (int i = 0; i < 32; i++) {
		uint8_t status = in8(KBD_STATUS), code;

		if (!(status & KBD_OBF))
			break;
		code = in8(KBD_DATA);
		if (!(status & KBD_AUX))
			kbd_report(code);
	}
}

static void kbd_service(void)
{
	kbd_read_codes();
	irq_ack(KBD_IRQ);
}

static void i8042(void)
{
	uint64_t ready = 0;

	if (kbd_controller()) {
		ready |= DRV_READY_CONTROLLER;
		if (kbd_keyboard())
			ready |= DRV_READY_KEYBOARD;
	}
	kbd_drain();
	if ((ready & DRV_READY_CONTROLLER) && irq_bind(KBD_IRQ))
		ready = 0;
	/* A key pressed between the drain and the bind raised its edge on a
	 * masked pin: served now, or the full buffer would never raise
	 * another. */
	if (ready)
		kbd_read_codes();
	serve(ready, ready ? kbd_service : NULL);
}

int main(const struct erix_start_frame *sf)
{
	if (sf->magic == ERIX_START_MAGIC && sf->arg == DRV_COM1)
		com1();
	else if (sf->magic == ERIX_START_MAGIC && sf->arg == DRV_I8042)
		i8042();
	serve(0, NULL);
}
