/* Kernel console: formatted output to COM1 (the marker channel). */
#ifndef ERIX_KERNEL_CONSOLE_H
#define ERIX_KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Supports %s %c %d %u %x %p and the l/ll/z length modifiers, %%. Field
 * width/padding with '0' for %x/%u/%d ("%016lx"). Output is unbuffered. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
void kputs(const char *s); /* s then "\n" */
void kwrite(const char *s, size_t n);

#endif
