/* The user-space device drivers module ("drivers", DRIVERS.ELF): rootd
 * starts it once per driver, the start argument naming which. Each gets
 * the same slots, filled by rootd through install grants. */
#ifndef ERIX_USER_DRIVERS_H
#define ERIX_USER_DRIVERS_H

#define DRIVERS_MODULE_NAME "drivers"

/* The driver's CSpace. */
#define DRV_SLOT_LOG   2 /* log/query copy: what the driver reports */
#define DRV_SLOT_PORTS 3 /* the device's port family (COM1 or i8042) */
#define DRV_SLOT_IRQD  4 /* irqd copy: IRQ_BIND, IRQ_ACK */
/* S|R: the one endpoint the driver serves. Its line's notifications come
 * here, and so does rootd's timed CALL asking for the ready bits (rootd
 * keeps a SEND alias): a driver slower than rootd's timeout still serves
 * its device, and answers nobody. */
#define DRV_SLOT_EP    5

/* Start arguments. */
enum drv_mode {
	DRV_COM1 = 1,  /* IRQ 4: echoes every byte typed on COM1 */
	DRV_I8042 = 2, /* IRQ 1: logs every scan code the keyboard sends */
};

/* The reply to rootd's CALL on DRV_SLOT_CTL: w0 ready bits, w1 the first
 * error seen (0 if none). */
#define DRV_READY_COM1       0x1 /* COM1 receive interrupts on, IRQ 4 bound */
#define DRV_READY_CONTROLLER 0x2 /* i8042 answered, IRQ 1 bound */
#define DRV_READY_KEYBOARD   0x4 /* the keyboard acknowledged "enable scanning" */

#endif
