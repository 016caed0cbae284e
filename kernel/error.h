/* The kernel's one error type: every fallible kernel function returns an
 * enum erix_err; its values are the user-visible codes of
 * include/erix/errors.h (0 = ERIX_OK). */
#ifndef ERIX_KERNEL_ERROR_H
#define ERIX_KERNEL_ERROR_H

#include <erix/errors.h>

enum erix_err {
	E_OK = ERIX_OK,
	E_INVALID_ARGUMENT = ERIX_ERR_INVALID_ARGUMENT,
	E_INVALID_SLOT = ERIX_ERR_INVALID_SLOT,
	E_EMPTY_SLOT = ERIX_ERR_EMPTY_SLOT,
	E_WRONG_TYPE = ERIX_ERR_WRONG_TYPE,
	E_NO_RIGHTS = ERIX_ERR_NO_RIGHTS,
	E_OP_DENIED = ERIX_ERR_OP_DENIED,
	E_NOT_IMPLEMENTED = ERIX_ERR_NOT_IMPLEMENTED,
	E_NO_MEMORY = ERIX_ERR_NO_MEMORY,
	E_OUT_OF_WINDOW = ERIX_ERR_OUT_OF_WINDOW,
	E_BAD_ADDRESS = ERIX_ERR_BAD_ADDRESS,
	E_RANGE = ERIX_ERR_RANGE,
	E_BUSY = ERIX_ERR_BUSY,
	E_NOT_FOUND = ERIX_ERR_NOT_FOUND,
	E_UNKNOWN_SYSCALL = ERIX_ERR_UNKNOWN_SYSCALL,
	E_UNKNOWN_OP = ERIX_ERR_UNKNOWN_OP,
	E_TIMEOUT = ERIX_ERR_TIMEOUT,
	/* Kernel-internal, never returned to user space: the calling thread
	 * blocked, and whoever wakes it writes its result into its registers. */
	ERIX_BLOCKED = 0x100,
};

#endif
