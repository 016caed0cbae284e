/* Test fixture: builds a valid ELF64 executable in memory; see
 * elf_fixture.h. */
#include "elf_fixture.h"

#include <string.h>

static void set_ph(struct elf64_phdr *p, uint32_t type, uint32_t flags, uint64_t off,
                   uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	p->p_type = type;
	p->p_flags = flags;
	p->p_offset = off;
	p->p_vaddr = vaddr;
	p->p_paddr = vaddr;
	p->p_filesz = filesz;
	p->p_memsz = memsz;
	p->p_align = 0x1000;
}

void ef_build(struct ef *e)
{
	struct elf64_ehdr *h = (struct elf64_ehdr *)e->buf;
	struct elf64_phdr *ph = (struct elf64_phdr *)(e->buf + sizeof(*h));

	memset(e->buf, 0, sizeof(e->buf));
	memcpy(h->e_ident,
	       "\x7f"
	       "ELF",
	       4);
	h->e_ident[4] = 2; /* ELFCLASS64 */
	h->e_ident[5] = 1; /* little endian */
	h->e_ident[6] = 1; /* EV_CURRENT */
	h->e_type = 2;     /* ET_EXEC */
	h->e_machine = 62; /* EM_X86_64 */
	h->e_version = 1;
	h->e_entry = EF_ENTRY;
	h->e_phoff = sizeof(*h);
	h->e_ehsize = sizeof(*h);
	h->e_phentsize = sizeof(*ph);
	h->e_phnum = EF_PH_COUNT;
	set_ph(&ph[EF_PH_DATA], ELF64_PT_LOAD, ELF64_PF_R | ELF64_PF_W, 0x3000, EF_TEXT + 0x2000,
	       0x10, 0x3000);
	set_ph(&ph[EF_PH_NOTE], 4, ELF64_PF_R, 0x200, 0, 0x20, 0x20);
	set_ph(&ph[EF_PH_TEXT], ELF64_PT_LOAD, ELF64_PF_R | ELF64_PF_X, 0x1000, EF_TEXT, 0x800,
	       0x800);
	set_ph(&ph[EF_PH_EMPTY], ELF64_PT_LOAD, ELF64_PF_R | ELF64_PF_W | ELF64_PF_X, 0, 0, 0, 0);
	set_ph(&ph[EF_PH_RODATA], ELF64_PT_LOAD, ELF64_PF_R, 0x2000, EF_TEXT + 0x1000, 0x100,
	       0x100);
	memset(e->buf + 0x1000, 0x90, 0x800); /* nops */
	e->size = EF_FILE_SIZE;
	e->eh = h;
	e->ph = ph;
}

void ef_many_segments(struct ef *e, unsigned n)
{
	e->eh->e_phnum = (uint16_t)n;
	for (unsigned i = 0; i < n; i++)
		set_ph(&e->ph[i], ELF64_PT_LOAD, i == 0 ? ELF64_PF_R | ELF64_PF_X : ELF64_PF_R, 0,
		       EF_TEXT + i * 0x1000ull, 0, 0x20);
}
