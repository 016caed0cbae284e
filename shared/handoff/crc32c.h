/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the handoff
 * checksum. Freestanding: used by bl, the kernel and host tests. */
#ifndef ERIX_SHARED_CRC32C_H
#define ERIX_SHARED_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* crc = erix_crc32c(0, buf, len) for a whole buffer; chaining a previous
 * result continues the same checksum over more bytes. */
uint32_t erix_crc32c(uint32_t crc, const void *buf, size_t len);

#endif
