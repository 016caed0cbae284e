/* Kernel-control wrappers and helpers over erix_syscall. */
#include "erix.h"

int erix_kctl(uint64_t slot, uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
              uint64_t out[4])
{
	const uint64_t in[4] = {w1, w2, w3, w4};
	uint64_t scratch[4];

	return erix_syscall(ERIX_SYS_CALL, slot, op, in, out ? out : scratch);
}

static int simple(uint64_t nr, uint64_t slot, uint64_t out[4])
{
	const uint64_t in[4] = {0, 0, 0, 0};

	return erix_syscall(nr, slot, 0, in, out);
}

int erix_yield(void)
{
	uint64_t out[4];

	return simple(ERIX_SYS_YIELD, 0, out);
}

int erix_recv(uint64_t slot, uint64_t *sender)
{
	return erix_recv_word(slot, sender, NULL);
}

int erix_recv_word(uint64_t slot, uint64_t *sender, uint64_t *word)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	int err = erix_recv_msg(slot, 0, &m);

	if (sender)
		*sender = m.badge;
	if (word)
		*word = m.w[0];
	return err;
}

int erix_notify(uint64_t slot)
{
	return erix_notify_word(slot, 0);
}

int erix_notify_word(uint64_t slot, uint64_t word)
{
	static const uint64_t none[4] = {0, 0, 0, 0};
	struct erix_msg scratch;

	return erix_ipc(ERIX_SYS_NOTIFY, slot, word, none, &scratch);
}

int erix_set_ipc_buffer(void *page)
{
	uint64_t out[4];

	return simple(ERIX_SYS_SET_IPC_BUFFER, (uint64_t)(uintptr_t)page, out);
}

int erix_query_local_cap(uint64_t slot, struct erix_cap_info *info)
{
	uint64_t out[4];
	int err = simple(ERIX_SYS_QUERY_LOCAL_CAP, slot, out);

	info->type = out[0];
	info->rights = out[1];
	info->kind = out[2];
	return err;
}

int erix_drop_local_cap(uint64_t slot)
{
	uint64_t out[4];

	return simple(ERIX_SYS_DROP_LOCAL_CAP, slot, out);
}

int erix_log_via(uint64_t slot, const char *s)
{
	return erix_kctl(slot, ERIX_KCTL_LOG_STRING, (uint64_t)(uintptr_t)s, strlen(s), 0, 0, NULL);
}

int erix_log(const char *s)
{
	return erix_log_via(ERIX_SLOT_ROOTD_LOG, s);
}

int erix_report_stage(uint64_t id)
{
	return erix_kctl(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_REPORT_STAGE, id, 0, 0, 0, NULL);
}

int erix_report_status(uint64_t status)
{
	return erix_kctl(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_REPORT_STATUS, status, 0, 0, 0, NULL);
}

int erix_spawn_thread(void (*entry)(uint64_t), void *stack, size_t size, uint64_t prio,
                      uint64_t arg, uint64_t *tid)
{
	/* entry sees the stack as if called: rsp + 8 is 16-byte aligned. */
	uint64_t top = (((uint64_t)(uintptr_t)stack + size) & ~(uint64_t)15) - 8;
	uint64_t out[4];
	int err = erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_SPAWN_THREAD,
	                    (uint64_t)(uintptr_t)entry, top, prio, arg, out);

	if (tid)
		*tid = out[0];
	return err;
}

char *erix_str_append(char *dst, const char *src)
{
	while (*src)
		*dst++ = *src++;
	*dst = 0;
	return dst;
}

char *erix_u64_append(char *dst, uint64_t v)
{
	char tmp[21];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*dst++ = tmp[--n];
	*dst = 0;
	return dst;
}

int main(const struct erix_start_frame *frame);
void erix_crt_start(const struct erix_start_frame *frame);

/* main must not return: a root task that does has failed. */
void erix_crt_start(const struct erix_start_frame *frame)
{
	main(frame);
	erix_report_status(ERIX_ROOTD_STATUS_FAILED);
	for (;;)
		erix_yield();
}
