/* The host stand-in for kernel/arch/x86_64 (arch_host.c): what the host
 * tests of the kernel's cap and process code use besides the kernel's own
 * headers. Physical memory is one 16 MiB host buffer (the kmem pool sits
 * in it above HOST_POOL_BASE), user memory one buffer at HOST_USER_BASE,
 * and VSpaces are four-level tables in that physical memory. */
#ifndef ERIX_TESTS_ARCH_HOST_H
#define ERIX_TESTS_ARCH_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/arch.h"

/* Test-side checking code that libFuzzer need not trace (it would trace
 * every compare of every table walk). */
#ifdef __clang__
#define HOST_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define HOST_NO_COVERAGE
#endif

#define HOST_PHYS_BYTES (16ull << 20)
#define HOST_POOL_BASE  (1ull << 20) /* frame 0 is never a pool frame */
#define HOST_USER_BASE  0x10000000ull
#define HOST_USER_BYTES (128ull << 10)

/* The caller's user memory: [HOST_USER_BASE, + HOST_USER_BYTES). */
extern uint8_t host_user_mem[HOST_USER_BYTES];

/* Resets physical memory and hands the pool to kmem_init. */
void host_phys_reset(void);
/* Pool frames: how many kmem_init made free. */
uint64_t host_pool_frames(void);

/* Everything the kernel printed since the last host_console_reset
 * (truncated to the buffer); ERIX_HOST_VERBOSE=1 also copies it to stderr. */
const char *host_console(void);
void host_console_reset(void);

/* Mapped leaves under root (tests count them). */
uint64_t host_vspace_leaves(paddr_t root);
/* Table frames under root, root included. */
uint64_t host_vspace_tables(paddr_t root);

#endif
