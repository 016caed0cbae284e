/* The kernel's string functions: simple loops (memcpy/memset take 8-byte
 * steps when aligned), never turned into calls to themselves. */
#include "string.h"

#include <stdint.h>

/* gcc must not turn these loops back into calls to themselves. */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* Word-sized steps when both pointers are 8-byte aligned: frames are zeroed
 * and copied a page at a time, and boot time is measured in instructions. */
NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t word = 0x0101010101010101ull * (uint8_t)c;

	if (!((uintptr_t)d & 7)) {
		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)d = word;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
