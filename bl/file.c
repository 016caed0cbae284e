/* bl: files on the volume bl itself was loaded from (LoadedImage ->
 * DeviceHandle -> Simple File System). A file is read whole into its own
 * page-aligned EfiLoaderData pages, the rest of the last page zero. */
#include "bl.h"

#define FILE_INFO_BUF 512              /* EFI_FILE_INFO plus a file name of BL_PATH_MAX */
#define READ_CHUNK    (1024ull * 1024) /* bytes per Read call */

EFI_STATUS bl_open_volume(struct bl_state *s)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li;
	EFI_FILE_IO_INTERFACE *fs;
	EFI_STATUS st;

	st = uefi_call_wrapper(s->bs->HandleProtocol, 3, s->image, &li_guid, (void **)&li);
	if (!EFI_ERROR(st))
		st = uefi_call_wrapper(s->bs->HandleProtocol, 3, li->DeviceHandle, &fs_guid,
		                       (void **)&fs);
	if (!EFI_ERROR(st))
		st = uefi_call_wrapper(fs->OpenVolume, 2, fs, &s->root);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_CONFIG_MISSING, st,
		               "cannot open the boot volume (no Simple File System)", NULL);
	return EFI_SUCCESS;
}

static void to_char16(CHAR16 *dst, const char *src)
{
	while ((*dst++ = (CHAR16)(uint8_t)*src++) != 0)
		;
}

static EFI_STATUS file_fail(enum bl_fail why, EFI_STATUS st, const char *label, const char *path,
                            const char *what)
{
	char hex[19];

	return bl_fail(why, st, label, " path=", path, " ", what, " status=", bl_hex(hex, st),
	               NULL);
}

static EFI_STATUS file_size(EFI_FILE_HANDLE fh, uint64_t *size, int *is_dir)
{
	EFI_GUID info_guid = EFI_FILE_INFO_ID;
	UINT64 buf[FILE_INFO_BUF / sizeof(UINT64)];
	UINTN len = sizeof(buf);
	EFI_FILE_INFO *info = (EFI_FILE_INFO *)buf;
	EFI_STATUS st;

	st = uefi_call_wrapper(fh->GetInfo, 4, fh, &info_guid, &len, info);
	if (EFI_ERROR(st))
		return st;
	*size = info->FileSize;
	*is_dir = (info->Attribute & EFI_FILE_DIRECTORY) != 0;
	return EFI_SUCCESS;
}

/* Reads exactly size bytes; a short read is an error, not a partial file.
 * Reads go in bounded chunks (some firmware file drivers fail one very large
 * Read), and a driver that claims more bytes than asked for is not trusted
 * further: counting on would run dst past the pages. */
static EFI_STATUS read_all(EFI_FILE_HANDLE fh, uint8_t *dst, uint64_t size)
{
	while (size > 0) {
		UINTN want = size < READ_CHUNK ? size : READ_CHUNK, got = want;
		EFI_STATUS st = uefi_call_wrapper(fh->Read, 3, fh, &got, dst);

		if (EFI_ERROR(st))
			return st;
		if (got == 0)
			return EFI_END_OF_FILE;
		if (got > want)
			return EFI_DEVICE_ERROR;
		dst += got;
		size -= got;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS load_open(struct bl_state *s, EFI_FILE_HANDLE fh, const char *path,
                            enum bl_fail missing, const char *label, uint64_t max_size,
                            uint64_t *phys, uint64_t *size)
{
	enum bl_fail too_big =
	    missing == BL_FAIL_CONFIG_MISSING ? BL_FAIL_CONFIG_LIMIT : BL_FAIL_FILE_READ;
	uint64_t pages;
	int is_dir = 0;
	EFI_STATUS st;

	st = file_size(fh, size, &is_dir);
	if (EFI_ERROR(st))
		return file_fail(BL_FAIL_FILE_READ, st, label, path, "cannot get file info");
	if (is_dir)
		return file_fail(missing, EFI_NOT_FOUND, label, path, "is a directory");
	if (*size > max_size)
		return file_fail(too_big, EFI_BAD_BUFFER_SIZE, label, path, "file too large");
	pages = *size == 0 ? 1 : BL_PAGES(*size);
	st = bl_alloc_pages(s, pages, phys);
	if (EFI_ERROR(st))
		return file_fail(BL_FAIL_OUT_OF_MEMORY, st, label, path, "no pages for the file");
	st = read_all(fh, (uint8_t *)(uintptr_t)*phys, *size);
	if (EFI_ERROR(st)) {
		bl_free_pages(s, *phys);
		return file_fail(BL_FAIL_FILE_READ, st, label, path, "read failed or short");
	}
	ZeroMem((uint8_t *)(uintptr_t)*phys + *size, pages * BL_PAGE - *size);
	return EFI_SUCCESS;
}

EFI_STATUS bl_file_load(struct bl_state *s, const char *path, enum bl_fail missing,
                        const char *label, uint64_t max_size, uint64_t *phys, uint64_t *size)
{
	CHAR16 wpath[BL_PATH_MAX];
	EFI_FILE_HANDLE fh;
	EFI_STATUS st;

	if (bl_strlen(path) >= BL_PATH_MAX)
		return file_fail(BL_FAIL_CONFIG_LIMIT, EFI_BAD_BUFFER_SIZE, label, path,
		                 "path too long");
	to_char16(wpath, path);
	st = uefi_call_wrapper(s->root->Open, 5, s->root, &fh, wpath, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return file_fail(missing, st, label, path, "cannot be opened");
	st = load_open(s, fh, path, missing, label, max_size, phys, size);
	uefi_call_wrapper(fh->Close, 1, fh);
	return st;
}
