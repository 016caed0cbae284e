/* Deep lifecycle traces (ERIX_MARK_TRACE_*): compiled into smoke builds
 * (kernel-rootd-smoke-test) only, so dev and release images never print
 * them and pay nothing for them. */
#ifndef ERIX_KERNEL_TRACE_H
#define ERIX_KERNEL_TRACE_H

#include <erix/markers.h>

#include "console.h"

#if ERIX_FEATURE_DEBUG_EXIT
#define KTRACE(...) kprintf(__VA_ARGS__)
#else
#define KTRACE(...)                                                                                \
	do {                                                                                       \
	} while (0)
#endif

#endif
