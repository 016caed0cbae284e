/* Kernel console: a small printf over the kernel's sinks, COM1 and (feature
 * kernel-dev-console) the framebuffer. Everything the kernel prints is a
 * marker or a diagnostic line, so no buffering and no locking (the kernel
 * runs with interrupts off on one CPU). */
#include "console.h"

#include <erix/markers.h>

#include "arch/x86_64/arch.h"
#include "devcon.h"
#include "string.h"

#if ERIX_FEATURE_RELEASE
/* Release profile: the kernel's own lines are not written to COM1; what a
 * task logs through LOG_STRING (one "ROOTD_LOG: " or "TASK_LOG: " line per
 * call) is a service and still is. Decided per line, once its prefix is
 * matched or ruled out; the matched part is written then. */
static const char *const keep[] = {ERIX_MARK_ROOTD_LOG " ", ERIX_MARK_TASK_LOG " "};
#define KEEP_N (sizeof(keep) / sizeof(keep[0]))

static void release_serial(const char *s, size_t n)
{
	static enum { LINE_UNDECIDED, LINE_KEEP, LINE_DROP } line;
	static size_t at;           /* characters matched at the start of this line */
	static unsigned candidates; /* bit k: still matching keep[k] */

	for (size_t i = 0; i < n; i++) {
		if (line == LINE_UNDECIDED) {
			if (at == 0)
				candidates = (1u << KEEP_N) - 1;
			for (unsigned k = 0; k < KEEP_N; k++)
				if ((candidates & (1u << k)) && keep[k][at] != s[i])
					candidates &= ~(1u << k);
			at++;
			if (!candidates)
				line = LINE_DROP;
			for (unsigned k = 0; k < KEEP_N; k++)
				if ((candidates & (1u << k)) && !keep[k][at]) {
					line = LINE_KEEP;
					arch_serial_write(keep[k], at);
				}
		} else if (line == LINE_KEEP) {
			arch_serial_write(&s[i], 1);
		}
		if (s[i] == '\n')
			line = LINE_UNDECIDED, at = 0;
	}
}
#endif

/* Every line on the sinks is either the kernel's or starts with a prefix
 * the kernel writes (ERIX_MARK_USER_SERIAL for WRITE_LEGACY_SERIAL text):
 * user text can end a line but never starts one, so no task can print a
 * line that reads as a kernel marker. */
static int user_line_open; /* user text was written and its line not ended */

static void sink(const char *s, size_t n)
{
#if ERIX_FEATURE_RELEASE
	release_serial(s, n);
#else
	arch_serial_write(s, n);
#endif
	devcon_write(s, n);
}

void kwrite(const char *s, size_t n)
{
	if (user_line_open && n) {
		user_line_open = 0;
		sink("\n", 1);
	}
	sink(s, n);
}

void kwrite_user(const char *s, size_t n)
{
	static const char prefix[] = ERIX_MARK_USER_SERIAL " ";

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!user_line_open) {
			sink(prefix, sizeof(prefix) - 1);
			user_line_open = 1;
		}
		if (c == '\n') {
			sink("\n", 1);
			user_line_open = 0;
			continue;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = '?'; /* no carriage return, escape or backspace tricks */
		sink(&c, 1);
	}
}

void kputs(const char *s)
{
	kwrite(s, strlen(s));
	kwrite("\n", 1);
}

static void put_num(uint64_t v, unsigned base, int neg, int width, char pad)
{
	char buf[24];
	int i = 0;

	do {
		unsigned d = (unsigned)(v % base);
		buf[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		buf[i++] = '-';
	while (i < width && i < (int)sizeof(buf))
		buf[i++] = pad;
	while (i)
		kwrite(&buf[--i], 1);
}

void kvprintf(const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p; p++) {
		int longs = 0, width = 0;
		char pad = ' ';

		if (*p != '%') {
			const char *q = p;
			while (*q && *q != '%')
				q++;
			kwrite(p, (size_t)(q - p));
			p = q - 1;
			continue;
		}
		p++;
		if (*p == '0')
			pad = '0';
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		while (*p == 'l' || *p == 'z')
			longs++, p++;
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			kwrite(s ? s : "(null)", strlen(s ? s : "(null)"));
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			kwrite(&c, 1);
			break;
		}
		case 'd': {
			int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, width,
			        pad);
			break;
		case 'x':
			put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, width,
			        pad);
			break;
		case 'p':
			kwrite("0x", 2);
			put_num((uintptr_t)va_arg(ap, void *), 16, 0, 16, '0');
			break;
		case '%':
			kwrite("%", 1);
			break;
		default:
			kwrite("%?", 2);
			if (!*p)
				return;
		}
	}
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
