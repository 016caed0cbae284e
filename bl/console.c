/* bl: line output. Before ExitBootServices every line goes to the UEFI
 * console (OVMF mirrors it to the serial port); afterwards to a polled COM1
 * writer, since no firmware service may be called any more. */
#include <stdarg.h>

#include "bl.h"
#include "cpu.h"

#define COM1          0x3F8
#define COM1_LSR      (COM1 + 5)
#define COM1_LSR_THRE 0x20   /* transmit holding register empty */
#define COM1_SPIN_MAX 100000 /* no UART: give up instead of hanging */
#define LINE_MAX      512

static SIMPLE_TEXT_OUTPUT_INTERFACE *con_out;
static int use_com1;

static const char *const fail_names[BL_FAIL_COUNT] = {
#define BL_FAIL_NAME(name) #name,
    ERIX_BL_FAILURES(BL_FAIL_NAME)
#undef BL_FAIL_NAME
};

void bl_init_console(EFI_SYSTEM_TABLE *st)
{
	con_out = st->ConOut;
}

void bl_con_set_com1(int on)
{
	use_com1 = on;
}

static void com1_putc(char c)
{
	for (int i = 0; i < COM1_SPIN_MAX && !(bl_inb(COM1_LSR) & COM1_LSR_THRE); i++)
		;
	bl_outb(COM1, (uint8_t)c);
}

static void com1_write(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			com1_putc('\r');
		com1_putc(*s);
	}
}

/* ConOut takes UCS-2; lines are ASCII, converted in chunks. */
static void uefi_write(const char *s)
{
	CHAR16 buf[64];
	size_t n = 0;

	if (!con_out)
		return;
	for (;; s++) {
		if (*s == '\n' || *s == 0 || n + 3 >= sizeof(buf) / sizeof(buf[0])) {
			if (*s == '\n') {
				buf[n++] = '\r';
				buf[n++] = '\n';
			}
			buf[n] = 0;
			uefi_call_wrapper(con_out->OutputString, 2, con_out, buf);
			n = 0;
			if (*s == 0)
				return;
			if (*s == '\n')
				continue;
		}
		buf[n++] = (CHAR16)(uint8_t)*s;
	}
}

static void line_add(char *line, size_t *len, const char *s)
{
	while (s && *s && *len + 2 < LINE_MAX)
		line[(*len)++] = *s++;
}

static void line_emit(char *line, size_t len)
{
	line[len++] = '\n';
	line[len] = 0;
	if (use_com1)
		com1_write(line);
	else
		uefi_write(line);
}

void bl_print(const char *s, ...)
{
	char line[LINE_MAX];
	size_t len = 0;
	va_list ap;

	va_start(ap, s);
	for (; s; s = va_arg(ap, const char *))
		line_add(line, &len, s);
	va_end(ap);
	line_emit(line, len);
}

EFI_STATUS bl_fail(enum bl_fail why, EFI_STATUS status, const char *detail, ...)
{
	char line[LINE_MAX];
	size_t len = 0;
	va_list ap;

	line_add(line, &len, ERIX_MARK_BL_FAIL_PREFIX);
	line_add(line, &len, why < BL_FAIL_COUNT ? fail_names[why] : "UNKNOWN");
	line_add(line, &len, " ");
	va_start(ap, detail);
	for (; detail; detail = va_arg(ap, const char *))
		line_add(line, &len, detail);
	va_end(ap);
	line_emit(line, len);
	return status;
}

const char *bl_hex(char buf[19], uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int n = 0;

	buf[n++] = '0';
	buf[n++] = 'x';
	for (int shift = 60; shift >= 0; shift -= 4)
		if ((v >> shift) != 0 || shift == 0)
			buf[n++] = digits[(v >> shift) & 0xf];
	buf[n] = 0;
	return buf;
}

const char *bl_dec(char buf[21], uint64_t v)
{
	char tmp[21];
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = 0;
	return buf;
}
