/* The libc string functions user code (and gcc's struct copies) need. */
#include "erix.h"

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void *memset(void *dst, int c, size_t n)
{
	volatile uint8_t *d = dst; /* volatile: gcc must not turn this into memset */

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}
