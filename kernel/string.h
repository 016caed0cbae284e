/* The few libc string functions the kernel needs (it links no libc; gcc may
 * also emit calls to memcpy/memset for struct copies). */
#ifndef ERIX_KERNEL_STRING_H
#define ERIX_KERNEL_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
