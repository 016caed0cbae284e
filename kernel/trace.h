/* KTRACE: the deep process and capability lifecycle trace families. They
 * are smoke-only (feature kernel-rootd-smoke-test sets
 * ERIX_FEATURE_SMOKE_TRACE): in dev, runtime and release kernels a KTRACE
 * compiles to nothing, yet its format and arguments are still type-checked.
 * A trace line reads "ERIX_TRACE:<FAMILY> <text>". */
#ifndef ERIX_KERNEL_TRACE_H
#define ERIX_KERNEL_TRACE_H

#include <erix/markers.h>

#include "console.h"

#ifndef ERIX_KTRACE_ENABLED
#if ERIX_FEATURE_SMOKE_TRACE
#define ERIX_KTRACE_ENABLED 1
#else
#define ERIX_KTRACE_ENABLED 0
#endif
#endif

/* The families; a new one is one line here. */
#define KTRACE_PROC PROC /* process lifecycle: create, start, exit, reap */
#define KTRACE_CAP  CAP  /* capability lifecycle: derive, copy, move, drop, revoke */

#define KTRACE_STR_(x) #x
#define KTRACE_STR(x)  KTRACE_STR_(x)
#define KTRACE(family, fmt, ...)                                                                   \
	do {                                                                                       \
		if (ERIX_KTRACE_ENABLED)                                                           \
			kprintf(ERIX_MARK_TRACE_PREFIX KTRACE_STR(family) " " fmt "\n",            \
			        ##__VA_ARGS__);                                                    \
	} while (0)

#endif
