/* Starting children from boot modules through the staged path: stage,
 * map and write every segment, map a stack, install startup caps with
 * install grants, start. Only kernel-control ops; rootd never holds the
 * child's frames or VSpace. */
#include "child.h"

#include <elf/elf64.h>

#include "rootd.h"

#define PAGE 4096ull

static uint64_t prot_of(uint32_t pf)
{
	return ERIX_PROT_READ | (pf & ELF64_PF_W ? ERIX_PROT_WRITE : 0) |
	       (pf & ELF64_PF_X ? ERIX_PROT_EXEC : 0);
}

static int proc_op(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t out[4])
{
	return erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, w4, out);
}

/* Maps one segment's pages and copies its file bytes (the rest stays as the
 * kernel zeroed it). */
static int load_segment(uint64_t proc, const uint8_t *file, const struct erix_elf_segment *s)
{
	uint64_t first = s->vaddr & ~(PAGE - 1);
	uint64_t end = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
	int err = proc_op(ERIX_KCTL_MAP_PROCESS_ANON, proc, first, (end - first) / PAGE,
	                  prot_of(s->flags), NULL);

	for (uint64_t done = 0; !err && done < s->filesz;) {
		uint64_t n = s->filesz - done;

		if (n > ERIX_WRITE_PROCESS_MAX)
			n = ERIX_WRITE_PROCESS_MAX;
		err = proc_op(ERIX_KCTL_WRITE_PROCESS_MEMORY, proc, s->vaddr + done,
		              (uint64_t)(uintptr_t)(file + s->offset + done), n, NULL);
		done += n;
	}
	return err;
}

uint64_t child_last_pid;

int child_stage(const struct child_spec *spec, struct erix_elf_image *img)
{
	uint64_t out[4] = {0, 0, 0, 0};
	const struct erix_bootinfo_module *m =
	    erix_bootinfo_find_module(rootd_bootinfo(), spec->module);
	const uint8_t *file;
	uint64_t stack_pages = spec->stack_pages ? spec->stack_pages : CHILD_STACK_PAGES;
	uint64_t stack_top = spec->stack_top ? spec->stack_top : CHILD_STACK_TOP;
	int err;

	if (!m)
		return ERIX_ERR_NOT_FOUND;
	file = (const uint8_t *)(uintptr_t)m->vaddr;
	if (erix_elf_validate(file, m->size, ERIX_USER_MIN, stack_top - stack_pages * PAGE, img) !=
	    ERIX_ELF_ERR_OK)
		return ERIX_ERR_INVALID_ARGUMENT;
	err = proc_op(ERIX_KCTL_CREATE_STAGED_PROCESS, spec->proc_slot, spec->cspace_slots,
	              spec->budget, spec->prio, out);
	child_last_pid = err ? 0 : out[0];
	for (uint32_t i = 0; !err && i < img->segment_count; i++)
		err = load_segment(spec->proc_slot, file, &img->segments[i]);
	if (!err)
		err = proc_op(ERIX_KCTL_MAP_PROCESS_ANON, spec->proc_slot,
		              stack_top - stack_pages * PAGE, stack_pages,
		              ERIX_PROT_READ | ERIX_PROT_WRITE, NULL);
	return err;
}

int child_install(uint64_t proc_slot, uint64_t grant_slot, uint64_t child_slot, uint64_t src_slot,
                  uint64_t rights)
{
	int err = proc_op(ERIX_KCTL_DERIVE_INSTALL_GRANT, proc_slot, grant_slot, child_slot, rights,
	                  NULL);

	if (!err)
		err = proc_op(ERIX_KCTL_INSTALL_WITH_GRANT, grant_slot, src_slot, 0, 0, NULL);
	return err;
}

/* A control slot for a child is materialised as an attenuated alias first
 * (the child never gets more than rights), installed, then rootd's copy
 * goes: the child's slot keeps the same family surface. */
int child_install_control(uint64_t proc_slot, uint64_t grant_slot, uint64_t child_slot,
                          uint64_t control_slot, uint64_t rights)
{
	int err =
	    proc_op(ERIX_KCTL_CAP_COPY_ATTENUATED, control_slot, ROOTD_SLOT_COPY, rights, 0, NULL);

	if (err)
		return err;
	err = child_install(proc_slot, grant_slot, child_slot, ROOTD_SLOT_COPY, rights);
	erix_drop_local_cap(ROOTD_SLOT_COPY);
	return err;
}

int child_start(uint64_t proc_slot, const struct erix_elf_image *img, uint64_t stack_top,
                uint64_t arg)
{
	return proc_op(ERIX_KCTL_START_PROCESS, proc_slot, img->entry,
	               stack_top ? stack_top : CHILD_STACK_TOP, arg, NULL);
}

/* The usual startup caps: report (SEND), a log copy, a process-control
 * copy, the wait endpoint (RECV); then start it in `mode`. */
int child_launch(const struct child_spec *spec, uint64_t mode)
{
	static struct erix_elf_image img;
	const uint64_t g = spec->scratch;
	int err = child_stage(spec, &img);

	if (!err)
		err = child_install(spec->proc_slot, g, CHILD_SLOT_REPORT, spec->report_slot,
		                    spec->report_rights ? spec->report_rights : ERIX_RIGHT_SEND);
	if (!err)
		err = child_install_control(spec->proc_slot, g, CHILD_SLOT_LOG, ERIX_SLOT_LOG_QUERY,
		                            ERIX_RIGHT_SEND);
	if (!err && spec->give_proc)
		err = child_install_control(spec->proc_slot, g, CHILD_SLOT_PROC,
		                            ERIX_SLOT_PROCESS_CONTROL, ERIX_RIGHT_SEND);
	if (!err)
		err = child_install(spec->proc_slot, g, CHILD_SLOT_WAIT, spec->wait_slot,
		                    ERIX_RIGHT_RECV);
	if (!err && spec->control_slot)
		err = child_install_control(spec->proc_slot, g, CHILD_SLOT_CTL, spec->control_slot,
		                            ERIX_RIGHT_SEND);
	if (!err && spec->canon_slot)
		err = child_install(spec->proc_slot, g, CHILD_SLOT_CANON, spec->canon_slot,
		                    ERIX_RIGHT_SEND);
	if (!err)
		err = child_start(spec->proc_slot, &img, spec->stack_top, mode);
	return err;
}

/* The default boot's child: hello mode, one report, then it waits. */
void start_boot_child(void)
{
	struct child_spec spec = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = ROOTD_SLOT_BOOT_CHILD,
	    .report_slot = ROOTD_SLOT_BOOT_CHILD + 1,
	    .wait_slot = ROOTD_SLOT_BOOT_CHILD + 2,
	    .scratch = ROOTD_SLOT_BOOT_CHILD + 3,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = CHILD_PRIO,
	};
	uint64_t word = 0;
	int err;

	if (!erix_bootinfo_find_module(rootd_bootinfo(), CHILD_MODULE_NAME)) {
		erix_log("no child module: none started");
		return;
	}
	err = erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_CREATE_ENDPOINT, spec.report_slot, 0,
	                0, 0, NULL);
	if (!err)
		err = erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_CREATE_ENDPOINT,
		                spec.wait_slot, 0, 0, 0, NULL);
	if (!err)
		err = child_launch(&spec, CHILD_HELLO);
	expect("boot_child_launch", (uint64_t)err, ERIX_OK);
	if (err)
		return;
	expect("boot_child_report", (uint64_t)erix_recv_word(spec.report_slot, NULL, &word),
	       ERIX_OK);
	expect("boot_child_word", word, CHILD_REPORTED);
	if (word == CHILD_REPORTED) {
		erix_log("child reported through its granted endpoint");
		erix_report_stage(ERIX_STAGE_CHILD_STARTED);
	}
}
