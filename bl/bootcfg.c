/* bl: the BOOT.CFG parser, a pure function of the file's bytes (format in
 * bl/README.md). Freestanding: no UEFI header, no libc call, so the EFI app
 * and the host unit tests run this very code. */
#include "bootcfg.h"

struct rule {
	enum bl_fail fail;
	const char *name;
	const char *reason;
};

static const struct rule rules[BOOTCFG_ERR_COUNT] = {
#define BOOTCFG_RULE(rule, fail, reason) [BOOTCFG_ERR_##rule] = {BL_FAIL_##fail, #rule, reason},
    BOOTCFG_RULES(BOOTCFG_RULE)
#undef BOOTCFG_RULE
};

static int known(enum bootcfg_err err)
{
	return err > BOOTCFG_OK && err < BOOTCFG_ERR_COUNT;
}

enum bl_fail bootcfg_fail(enum bootcfg_err err)
{
	return known(err) ? rules[err].fail : BL_FAIL_COUNT;
}

const char *bootcfg_rule(enum bootcfg_err err)
{
	return known(err) ? rules[err].name : "";
}

const char *bootcfg_reason(enum bootcfg_err err)
{
	return known(err) ? rules[err].reason : "";
}

/* One line being parsed: [p, end) without its CR/LF. */
struct cursor {
	const char *p;
	const char *end;
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

/* The next token as [*tok, *tok + return value); 0 at the end of the line. */
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

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Copies [src, src + n) into dst[cap] with its NUL; n >= cap is the caller's
 * too_long rule. */
static enum bootcfg_err copy_str(char *dst, size_t cap, const char *src, size_t n,
                                 enum bootcfg_err too_long)
{
	if (n >= cap)
		return too_long;
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
	dst[n] = 0;
	return BOOTCFG_OK;
}

static enum bootcfg_err parse_path(char dst[BL_PATH_MAX], struct cursor *c)
{
	const char *tok;
	size_t n = next_token(c, &tok);

	if (n == 0)
		return BOOTCFG_ERR_MISSING_PATH;
	if (tok[0] != '\\')
		return BOOTCFG_ERR_PATH_NOT_ROOTED;
	return copy_str(dst, BL_PATH_MAX, tok, n, BOOTCFG_ERR_PATH_TOO_LONG);
}

#define DIGEST_PREFIX     "sha256="
#define DIGEST_PREFIX_LEN (sizeof(DIGEST_PREFIX) - 1)

static int is_digest(const char *tok, size_t n)
{
	return n >= DIGEST_PREFIX_LEN && token_is(tok, DIGEST_PREFIX_LEN, DIGEST_PREFIX);
}

/* The sha256= fields right after a path: one is the file's digest, a second
 * is DIGEST_DUPLICATE. The cursor is left before the first other token. */
static enum bootcfg_err parse_digests(struct cursor *c, struct bl_digest *d)
{
	for (;;) {
		struct cursor before = *c;
		const char *tok;
		size_t n = next_token(c, &tok);

		if (!is_digest(tok, n)) {
			*c = before;
			return BOOTCFG_OK;
		}
		if (d->present)
			return BOOTCFG_ERR_DIGEST_DUPLICATE;
		if (n != DIGEST_PREFIX_LEN + 2 * ERIX_SHA256_SIZE ||
		    erix_sha256_parse_hex(tok + DIGEST_PREFIX_LEN, d->sha256) != 0)
			return BOOTCFG_ERR_DIGEST_MALFORMED;
		d->present = 1;
	}
}

static enum bootcfg_err parse_kernel(struct cursor *c, struct bl_config *cfg, int *seen)
{
	const char *tok;
	enum bootcfg_err err;

	if (*seen)
		return BOOTCFG_ERR_KERNEL_DUPLICATE;
	err = parse_path(cfg->kernel_path, c);
	if (!err)
		err = parse_digests(c, &cfg->kernel_digest);
	if (err)
		return err;
	if (next_token(c, &tok) != 0)
		return BOOTCFG_ERR_KERNEL_EXTRA;
	*seen = 1;
	return BOOTCFG_OK;
}

static int name_taken(const struct bl_config *cfg, const char *name)
{
	for (uint32_t i = 0; i < cfg->module_count; i++)
		if (str_eq(cfg->modules[i].name, name))
			return 1;
	return 0;
}

/* The module slot past module_count is scratch until the line is whole, so
 * a failed line leaves module_count as it was. Duplicate names are caught
 * here too (the kernel would refuse them as MODULE_NAME_DUPLICATE) so the
 * message can name the line. */
static enum bootcfg_err parse_module(struct cursor *c, struct bl_config *cfg)
{
	struct bl_module *m;
	const char *tok;
	size_t n;
	enum bootcfg_err err;

	if (cfg->module_count >= ERIX_HANDOFF_MAX_MODULES)
		return BOOTCFG_ERR_TOO_MANY_MODULES;
	m = &cfg->modules[cfg->module_count];
	n = next_token(c, &tok);
	if (n == 0)
		return BOOTCFG_ERR_MISSING_NAME;
	err = copy_str(m->name, sizeof(m->name), tok, n, BOOTCFG_ERR_NAME_TOO_LONG);
	if (err)
		return err;
	if (name_taken(cfg, m->name))
		return BOOTCFG_ERR_NAME_DUPLICATE;
	err = parse_path(m->path, c);
	if (!err)
		err = parse_digests(c, &m->digest);
	if (err)
		return err;
	skip_space(c);
	while (c->end > c->p && is_space(c->end[-1]))
		c->end--;
	err = copy_str(m->cmdline, sizeof(m->cmdline), c->p, (size_t)(c->end - c->p),
	               BOOTCFG_ERR_CMDLINE_TOO_LONG);
	if (err)
		return err;
	cfg->module_count++;
	return BOOTCFG_OK;
}

/* Only printable ASCII and tabs: keeps names, paths and markers clean. */
static int line_chars_ok(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!(is_space(*p) || (*p > ' ' && *p < 0x7f)))
			return 0;
	return 1;
}

static enum bootcfg_err parse_line(struct cursor *c, struct bl_config *cfg, int *seen_kernel)
{
	const char *tok;
	size_t n;

	if (!line_chars_ok(c->p, c->end))
		return BOOTCFG_ERR_BAD_CHAR;
	n = next_token(c, &tok);
	if (n == 0 || tok[0] == '#')
		return BOOTCFG_OK;
	if (token_is(tok, n, "kernel"))
		return parse_kernel(c, cfg, seen_kernel);
	if (token_is(tok, n, "module"))
		return parse_module(c, cfg);
	return BOOTCFG_ERR_UNKNOWN_DIRECTIVE;
}

enum bootcfg_err bootcfg_parse(const char *text, size_t len, struct bl_config *cfg, uint32_t *line)
{
	const char *p = text, *end = text + len;
	int seen_kernel = 0;
	enum bootcfg_err err;

	*cfg = (struct bl_config){0};
	*line = 0;
	if (len > BL_CONFIG_MAX)
		return BOOTCFG_ERR_FILE_TOO_BIG;
	while (p < end) {
		struct cursor c = {p, p};

		++*line;
		while (c.end < end && *c.end != '\n')
			c.end++;
		p = c.end < end ? c.end + 1 : end;
		if (c.end > c.p && c.end[-1] == '\r')
			c.end--;
		err = parse_line(&c, cfg, &seen_kernel);
		if (err)
			return err;
	}
	*line = 0;
	return seen_kernel ? BOOTCFG_OK : BOOTCFG_ERR_KERNEL_MISSING;
}
