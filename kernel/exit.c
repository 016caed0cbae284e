/* The kernel's only ways to stop. */
#include "exit.h"

#include <erix/debug_exit.h>

#include "console.h"

void kernel_exit(uint8_t debug_exit_code)
{
#if ERIX_FEATURE_DEBUG_EXIT
	arch_debug_exit(debug_exit_code);
#else
	(void)debug_exit_code;
	arch_halt();
#endif
}

void kernel_fail(const char *marker)
{
	kputs(marker);
	kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE);
}
