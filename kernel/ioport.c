/* Port I/O for drivers (IOPORT_READ8, IOPORT_WRITE8): each family's
 * windows (COM1, i8042), and the values that would reach past the device:
 * COM1's line format, loopback and FIFOs (the kernel's marker sink) and the
 * i8042's commands beyond the keyboard and mouse (CPU reset, A20). */
#include "ioport.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#include "console.h"
#include "endpoint.h"

/* I/O ports each family may touch; anything else is ERIX_ERR_RANGE. */
struct port_window {
	uint32_t kind;
	uint16_t first, last;
};

static const struct port_window port_windows[] = {
    {ERIX_EP_COM1, ERIX_IOPORT_COM1_FIRST, ERIX_IOPORT_COM1_LAST},
    {ERIX_EP_I8042, ERIX_IOPORT_I8042_DATA, ERIX_IOPORT_I8042_DATA},
    {ERIX_EP_I8042, ERIX_IOPORT_I8042_CMD, ERIX_IOPORT_I8042_CMD},
    {ERIX_EP_TEST_ROOT, ERIX_IOPORT_COM1_FIRST, ERIX_IOPORT_COM1_LAST},
    {ERIX_EP_TEST_ROOT, ERIX_IOPORT_I8042_DATA, ERIX_IOPORT_I8042_DATA},
    {ERIX_EP_TEST_ROOT, ERIX_IOPORT_I8042_CMD, ERIX_IOPORT_I8042_CMD},
};

static enum erix_err decode_port(uint32_t kind, uint64_t port)
{
	for (unsigned i = 0; i < sizeof(port_windows) / sizeof(port_windows[0]); i++) {
		const struct port_window *pw = &port_windows[i];

		if (pw->kind == kind && port >= pw->first && port <= pw->last)
			return ERIX_OK;
	}
	return ERIX_ERR_RANGE;
}

enum erix_err ioport_op_read8(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	enum erix_err err = decode_port(ep->kind, w[0]);

	if (err)
		return err;
	out[0] = arch_inb((uint16_t)w[0]);
	return ERIX_OK;
}

/* COM1 is also the kernel's marker sink: a task may drive the UART (data,
 * interrupts, FIFO, modem lines) but never change how the kernel's bytes
 * leave it. The line format stays 8N1 with the divisor latch closed (so no
 * write can move the baud rate or land in the divisor), loopback stays
 * off (which would swallow the kernel's output), the FIFOs are never
 * cleared, and data bytes pass the kernel's line ownership (kwrite_user). */
static enum erix_err decode_com1_value(uint64_t port, uint64_t v)
{
	if (port == ERIX_IOPORT_COM1_FIRST + ERIX_COM1_REG_LCR && v != ERIX_COM1_LCR_KERNEL)
		return ERIX_ERR_RANGE;
	if (port == ERIX_IOPORT_COM1_FIRST + ERIX_COM1_REG_MCR && (v & ERIX_COM1_MCR_LOOP))
		return ERIX_ERR_RANGE;
	/* Clearing the FIFOs, or turning them off (which flushes them), would
	 * drop the kernel's bytes in flight. */
	if (port == ERIX_IOPORT_COM1_FIRST + ERIX_COM1_REG_FCR &&
	    (v & ERIX_COM1_FCR_LOW) != ERIX_COM1_FCR_ON)
		return ERIX_ERR_RANGE;
	return ERIX_OK;
}

/* The keyboard controller also drives the CPU reset and A20 lines and has
 * vendor commands: a driver may run the keyboard and mouse, nothing else
 * (include/erix/kctl.h lists the allowed commands). */
static const uint8_t i8042_commands[] = {
    ERIX_I8042_CMD_READ_CCB,
    ERIX_I8042_CMD_WRITE_CCB,
    0xA7,
    0xA8,
    0xA9,
    0xAA,
    0xAB,
    0xAD,
    0xAE,
    0xD0,
    0xD2,
    0xD3,
    0xD4,
};

static enum erix_err decode_i8042_value(uint64_t port, uint64_t v)
{
	if (port != ERIX_IOPORT_I8042_CMD)
		return ERIX_OK;
	for (unsigned i = 0; i < sizeof(i8042_commands); i++)
		if (v == i8042_commands[i])
			return ERIX_OK;
	return ERIX_ERR_RANGE;
}

enum erix_err ioport_op_write8(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	enum erix_err err = decode_port(ep->kind, w[0]);

	(void)out;
	if (err)
		return err;
	if (w[1] > 0xff)
		return ERIX_ERR_INVALID_ARGUMENT;
	err = decode_com1_value(w[0], w[1]);
	if (!err)
		err = decode_i8042_value(w[0], w[1]);
	if (err)
		return err;
	/* A data byte for COM1 is text on the kernel's marker line: it goes
	 * through the kernel's line ownership like WRITE_LEGACY_SERIAL, so it
	 * can never start a line of its own. */
	if (w[0] == ERIX_IOPORT_COM1_FIRST) {
		char c = (char)w[1];

		kwrite_user(&c, 1);
		return ERIX_OK;
	}
	arch_outb((uint16_t)w[0], (uint8_t)w[1]);
	return ERIX_OK;
}
