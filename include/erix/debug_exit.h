/* QEMU isa-debug-exit codes (iobase 0xf4). QEMU exits with (code << 1) | 1. */
#ifndef ERIX_DEBUG_EXIT_H
#define ERIX_DEBUG_EXIT_H

#define ERIX_DEBUG_EXIT_PORT               0xf4
#define ERIX_DEBUG_EXIT_ROOTD_READY        0x10
#define ERIX_DEBUG_EXIT_KERNEL_FAILURE     0x12
#define ERIX_DEBUG_EXIT_ROOTD_FAILURE      0x13
#define ERIX_DEBUG_EXIT_DOWNSTREAM_FAILURE 0x14

#endif
