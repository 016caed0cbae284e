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
/* Text from a task (WRITE_LEGACY_SERIAL): each of its lines starts with
 * ERIX_MARK_USER_SERIAL and control characters become '?'; the kernel's next
 * line starts on a line of its own. */
void kwrite_user(const char *s, size_t n);

#endif
