/* ELF64 executable validator: checks ERIX_ELF_RULES in list order and
 * produces the sorted, page-rounded segment view bl and the kernel load from.
 * Freestanding; reads the file with byte loads, so any alignment is fine. */
#include "elf64.h"

#define PAGE        4096ull
#define ET_EXEC     2
#define EM_X86_64   62
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

static uint64_t ld(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = (v << 8) | p[bytes];
	return v;
}

#define FIELD(base, type, member) ld((base) + offsetof(type, member), sizeof(((type *)0)->member))
#define EH(f, member)             FIELD(f, struct elf64_ehdr, member)
#define PH(p, member)             FIELD(p, struct elf64_phdr, member)

static uint64_t page_down(uint64_t v)
{
	return v & ~(PAGE - 1);
}

/* Callers guarantee v <= UINT64_MAX - (PAGE - 1). */
static uint64_t page_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

static enum erix_elf_err check_ident(const uint8_t *f)
{
	if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
		return ERIX_ELF_ERR_MAGIC;
	if (f[EI_CLASS] != ELFCLASS64)
		return ERIX_ELF_ERR_CLASS;
	if (f[EI_DATA] != ELFDATA2LSB)
		return ERIX_ELF_ERR_DATA;
	if (f[EI_VERSION] != EV_CURRENT || EH(f, e_version) != EV_CURRENT)
		return ERIX_ELF_ERR_VERSION;
	return ERIX_ELF_ERR_OK;
}

static enum erix_elf_err check_header(const uint8_t *f, uint64_t size)
{
	enum erix_elf_err err = check_ident(f);
	uint64_t phoff = EH(f, e_phoff);
	uint64_t phbytes = EH(f, e_phnum) * sizeof(struct elf64_phdr);

	if (err != ERIX_ELF_ERR_OK)
		return err;
	if (EH(f, e_type) != ET_EXEC)
		return ERIX_ELF_ERR_TYPE;
	if (EH(f, e_machine) != EM_X86_64)
		return ERIX_ELF_ERR_MACHINE;
	if (EH(f, e_ehsize) != sizeof(struct elf64_ehdr) ||
	    EH(f, e_phentsize) != sizeof(struct elf64_phdr))
		return ERIX_ELF_ERR_HEADER_SIZE;
	if (phoff > size || phbytes > size - phoff)
		return ERIX_ELF_ERR_PHDR_BOUNDS;
	return ERIX_ELF_ERR_OK;
}

/* Rules SEGMENT_FILE_BOUNDS..SEGMENT_RANGE for one PT_LOAD segment. */
static enum erix_elf_err check_segment(const struct erix_elf_segment *s, uint64_t size,
                                       uint64_t wmin, uint64_t wmax)
{
	uint64_t end;

	if (s->offset > size || s->filesz > size - s->offset)
		return ERIX_ELF_ERR_SEGMENT_FILE_BOUNDS;
	if (s->filesz > s->memsz)
		return ERIX_ELF_ERR_SEGMENT_SIZE;
	if (s->memsz > UINT64_MAX - s->vaddr || s->vaddr + s->memsz > UINT64_MAX - (PAGE - 1))
		return ERIX_ELF_ERR_SEGMENT_WRAP;
	if (s->offset % PAGE != s->vaddr % PAGE)
		return ERIX_ELF_ERR_SEGMENT_ALIGN;
	end = page_up(s->vaddr + s->memsz);
	if (page_down(s->vaddr) < wmin || end > wmax)
		return ERIX_ELF_ERR_SEGMENT_RANGE;
	return ERIX_ELF_ERR_OK;
}

/* Copies the non-empty PT_LOAD headers into img; NO_SEGMENTS if there are
 * none or more than the image can hold. */
static enum erix_elf_err collect_segments(const uint8_t *f, struct erix_elf_image *img)
{
	const uint8_t *ph = f + EH(f, e_phoff);
	uint64_t phnum = EH(f, e_phnum);

	img->segment_count = 0;
	for (uint64_t i = 0; i < phnum; i++, ph += sizeof(struct elf64_phdr)) {
		struct erix_elf_segment *s;

		if (PH(ph, p_type) != ELF64_PT_LOAD || PH(ph, p_memsz) == 0)
			continue;
		if (img->segment_count == ELF64_MAX_LOAD_SEGMENTS)
			return ERIX_ELF_ERR_NO_SEGMENTS;
		s = &img->segments[img->segment_count++];
		s->vaddr = PH(ph, p_vaddr);
		s->memsz = PH(ph, p_memsz);
		s->offset = PH(ph, p_offset);
		s->filesz = PH(ph, p_filesz);
		s->flags = (uint32_t)PH(ph, p_flags);
	}
	return img->segment_count ? ERIX_ELF_ERR_OK : ERIX_ELF_ERR_NO_SEGMENTS;
}

static void sort_segments(struct erix_elf_image *img)
{
	for (uint32_t i = 1; i < img->segment_count; i++) {
		struct erix_elf_segment s = img->segments[i];
		uint32_t j = i;

		for (; j > 0 && img->segments[j - 1].vaddr > s.vaddr; j--)
			img->segments[j] = img->segments[j - 1];
		img->segments[j] = s;
	}
}

/* Rules SEGMENT_OVERLAP..ENTRY over the sorted segments. */
static enum erix_elf_err check_layout(const struct erix_elf_image *img, uint64_t entry)
{
	const struct erix_elf_segment *s = img->segments;
	uint32_t n = img->segment_count;
	int entry_ok = 0;

	for (uint32_t i = 1; i < n; i++)
		if (page_down(s[i].vaddr) < page_up(s[i - 1].vaddr + s[i - 1].memsz))
			return ERIX_ELF_ERR_SEGMENT_OVERLAP;
	for (uint32_t i = 0; i < n; i++)
		if ((s[i].flags & ELF64_PF_W) && (s[i].flags & ELF64_PF_X))
			return ERIX_ELF_ERR_SEGMENT_WX;
	for (uint32_t i = 0; i < n; i++)
		if ((s[i].flags & ELF64_PF_X) && entry >= s[i].vaddr &&
		    entry - s[i].vaddr < s[i].memsz)
			entry_ok = 1;
	return entry_ok ? ERIX_ELF_ERR_OK : ERIX_ELF_ERR_ENTRY;
}

enum erix_elf_err erix_elf_validate(const void *file, uint64_t size, uint64_t window_min,
                                    uint64_t window_max, struct erix_elf_image *img)
{
	const uint8_t *f = file;
	enum erix_elf_err err;

	if (size < sizeof(struct elf64_ehdr))
		return ERIX_ELF_ERR_TOO_SMALL;
	err = check_header(f, size);
	if (err == ERIX_ELF_ERR_OK)
		err = collect_segments(f, img);
	for (uint32_t i = 0; err == ERIX_ELF_ERR_OK && i < img->segment_count; i++)
		err = check_segment(&img->segments[i], size, window_min, window_max);
	if (err != ERIX_ELF_ERR_OK)
		return err;
	sort_segments(img);
	err = check_layout(img, EH(f, e_entry));
	if (err != ERIX_ELF_ERR_OK)
		return err;
	img->entry = EH(f, e_entry);
	img->vaddr_min = page_down(img->segments[0].vaddr);
	img->vaddr_max = page_up(img->segments[img->segment_count - 1].vaddr +
	                         img->segments[img->segment_count - 1].memsz);
	return ERIX_ELF_ERR_OK;
}

const char *erix_elf_err_name(enum erix_elf_err err)
{
	static const char *const names[] = {
#define ERIX_ELF_NAME(name, value) [value] = #name,
	    ERIX_ELF_RULES(ERIX_ELF_NAME)
#undef ERIX_ELF_NAME
	};

	if ((unsigned)err >= sizeof(names) / sizeof(names[0]) || !names[err])
		return "UNKNOWN";
	return names[err];
}
