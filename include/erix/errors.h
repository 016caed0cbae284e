/* User-visible error codes, returned in rax by every syscall and as the
 * status of every kernel-control op. 0 is success. */
#ifndef ERIX_ERRORS_H
#define ERIX_ERRORS_H

#define ERIX_OK                   0
#define ERIX_ERR_INVALID_ARGUMENT 1  /* malformed argument (size, alignment, flags) */
#define ERIX_ERR_INVALID_SLOT     2  /* slot index outside the CSpace */
#define ERIX_ERR_EMPTY_SLOT       3  /* slot holds no capability */
#define ERIX_ERR_WRONG_TYPE       4  /* capability has the wrong type */
#define ERIX_ERR_NO_RIGHTS        5  /* capability lacks a needed right */
#define ERIX_ERR_OP_DENIED        6  /* endpoint family does not allow the op */
#define ERIX_ERR_NOT_IMPLEMENTED  7  /* op or syscall defined but not implemented */
#define ERIX_ERR_NO_MEMORY        8  /* pool or untyped exhausted */
#define ERIX_ERR_OUT_OF_WINDOW    9  /* slot outside the caller's visible window */
#define ERIX_ERR_BAD_ADDRESS      10 /* user pointer not mapped or not user */
#define ERIX_ERR_RANGE            11 /* value outside the permitted range */
#define ERIX_ERR_BUSY             12 /* object in use (slot occupied, stage live) */
#define ERIX_ERR_NOT_FOUND        13 /* no such object */
#define ERIX_ERR_UNKNOWN_SYSCALL  14 /* syscall number not defined */
#define ERIX_ERR_UNKNOWN_OP       15 /* kernel-control op number not defined */
#define ERIX_ERR_TIMEOUT          16 /* a timed CALL got no reply in time */

#endif
