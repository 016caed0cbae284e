/* bl: \EFI\ERIX\BOOT.CFG, the boot configuration. The parser is a pure
 * function of the file's bytes; bl_config_load reads the file and reports.
 *
 * Format (ASCII, one directive per line, LF or CRLF):
 *   # comment              lines starting with '#' and blank lines are ignored
 *   kernel <path>          exactly once: the kernel ELF, e.g. \EFI\ERIX\KERNEL.ELF
 *   module <name> <path> [command line]
 *                          0..ERIX_HANDOFF_MAX_MODULES times, in boot order;
 *                          the command line is the rest of the line, trimmed
 * Tokens are separated by spaces or tabs. Paths start with '\' and are at
 * most BL_PATH_MAX - 1 bytes; names are 1..31 bytes without spaces and
 * unique; command lines are at most 95 bytes. Errors: CONFIG_SYNTAX (a
 * malformed line, with its number), CONFIG_LIMIT (a bound exceeded). */
#include "bl.h"

struct cursor {
	const char *p;
	const char *end; /* end of the current line, without CR/LF */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_space(struct cursor *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

/* The next token as [*tok, *tok + return value); 0 at end of line. */
static size_t next_token(struct cursor *c, const char **tok)
{
	skip_space(c);
	*tok = c->p;
	while (c->p < c->end && !is_space(*c->p))
		c->p++;
	return (size_t)(c->p - *tok);
}

static int token_is(const char *tok, size_t n, const char *word)
{
	size_t i = 0;

	for (; i < n && word[i]; i++)
		if (tok[i] != word[i])
			return 0;
	return i == n && word[i] == 0;
}

static int set_error(struct bl_config_error *err, enum bl_fail fail, const char *reason)
{
	err->fail = fail;
	err->reason = reason;
	return -1;
}

/* Copies a token into dst[cap] with its NUL; too long is CONFIG_LIMIT. */
static int copy_token(char *dst, size_t cap, const char *tok, size_t n, struct bl_config_error *err,
                      const char *what)
{
	if (n >= cap)
		return set_error(err, BL_FAIL_CONFIG_LIMIT, what);
	bl_copy(dst, tok, n);
	dst[n] = 0;
	return 0;
}

static int parse_path(char *dst, struct cursor *c, struct bl_config_error *err)
{
	const char *tok;
	size_t n = next_token(c, &tok);

	if (n == 0)
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "missing path");
	if (tok[0] != '\\')
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "path must start with \\");
	return copy_token(dst, BL_PATH_MAX, tok, n, err, "path too long");
}

static int parse_kernel(struct cursor *c, struct bl_config *cfg, int *seen,
                        struct bl_config_error *err)
{
	const char *tok;

	if (*seen)
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "second kernel line");
	if (parse_path(cfg->kernel_path, c, err))
		return -1;
	if (next_token(c, &tok) != 0)
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "text after kernel path");
	*seen = 1;
	return 0;
}

static int name_taken(const struct bl_config *cfg, const char *name)
{
	for (uint32_t i = 0; i < cfg->module_count; i++) {
		const char *a = cfg->modules[i].name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (*a == *b)
			return 1;
	}
	return 0;
}

static int parse_module(struct cursor *c, struct bl_config *cfg, struct bl_config_error *err)
{
	struct bl_module *m = &cfg->modules[cfg->module_count];
	const char *tok;
	size_t n;

	if (cfg->module_count >= ERIX_HANDOFF_MAX_MODULES)
		return set_error(err, BL_FAIL_CONFIG_LIMIT, "too many modules");
	bl_zero(m, sizeof(*m));
	n = next_token(c, &tok);
	if (n == 0)
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "missing module name");
	if (copy_token(m->name, sizeof(m->name), tok, n, err, "module name too long"))
		return -1;
	if (name_taken(cfg, m->name))
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "duplicate module name");
	if (parse_path(m->path, c, err))
		return -1;
	skip_space(c);
	while (c->end > c->p && is_space(c->end[-1]))
		c->end--;
	if (copy_token(m->cmdline, sizeof(m->cmdline), c->p, (size_t)(c->end - c->p), err,
	               "command line too long"))
		return -1;
	cfg->module_count++;
	return 0;
}

/* Only printable ASCII and tabs: keeps names, paths and markers clean. */
static int line_chars_ok(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!(is_space(*p) || (*p > ' ' && *p < 0x7f)))
			return 0;
	return 1;
}

static int parse_line(struct cursor *c, struct bl_config *cfg, int *seen_kernel,
                      struct bl_config_error *err)
{
	const char *tok;
	size_t n;

	if (!line_chars_ok(c->p, c->end))
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "non-ASCII or control character");
	n = next_token(c, &tok);
	if (n == 0 || tok[0] == '#')
		return 0;
	if (token_is(tok, n, "kernel"))
		return parse_kernel(c, cfg, seen_kernel, err);
	if (token_is(tok, n, "module"))
		return parse_module(c, cfg, err);
	return set_error(err, BL_FAIL_CONFIG_SYNTAX, "unknown directive");
}

int bl_config_parse(const char *text, size_t len, struct bl_config *cfg,
                    struct bl_config_error *err)
{
	const char *p = text, *end = text + len;
	int seen_kernel = 0;

	bl_zero(cfg, sizeof(*cfg));
	err->line = 0;
	while (p < end) {
		struct cursor c = {p, p};

		err->line++;
		while (c.end < end && *c.end != '\n')
			c.end++;
		p = c.end < end ? c.end + 1 : end;
		if (c.end > c.p && c.end[-1] == '\r')
			c.end--;
		if (parse_line(&c, cfg, &seen_kernel, err))
			return -1;
	}
	if (!seen_kernel) {
		err->line = 0;
		return set_error(err, BL_FAIL_CONFIG_SYNTAX, "no kernel line");
	}
	return 0;
}

EFI_STATUS bl_config_load(struct bl_state *s)
{
	struct bl_config_error err;
	uint64_t phys, size;
	char num[21];
	EFI_STATUS st;

	st = bl_file_load(s, BL_CONFIG_PATH, BL_FAIL_CONFIG_MISSING, "config", BL_CONFIG_MAX, &phys,
	                  &size);
	if (EFI_ERROR(st))
		return st;
	if (bl_config_parse((const char *)(uintptr_t)phys, size, &s->cfg, &err)) {
		bl_free_pages(s, phys);
		if (err.line == 0)
			return bl_fail(err.fail, EFI_LOAD_ERROR, BL_CONFIG_PATH ": ", err.reason,
			               NULL);
		return bl_fail(err.fail, EFI_LOAD_ERROR, BL_CONFIG_PATH " line ",
		               bl_dec(num, err.line), ": ", err.reason, NULL);
	}
	bl_free_pages(s, phys);
	bl_print(ERIX_MARK_BL_CONFIG, " kernel=", s->cfg.kernel_path,
	         " modules=", bl_dec(num, s->cfg.module_count), NULL);
	return EFI_SUCCESS;
}
