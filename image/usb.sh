#!/usr/bin/env bash
# Writes a disk image to a removable USB disk, refusing anything that could
# be a system disk: DEV must be a whole-disk block device, removable or
# hot-pluggable, with no mounted partition; confirmation unless YES=1.
# ALLOW_LOOP=1 also accepts a whole loop device (/dev/loopN) whose backing
# file is a regular file: a stand-in stick for tests, never a real disk.
#
# usage: usb.sh DEV IMAGE      write (asks unless YES=1)
#        usb.sh --check DEV    only run the checks, never write
# Tests run --check with ERIX_USB_LSBLK (a fake lsblk) and
# ERIX_USB_ASSUME_BLOCK=1; both are ignored when writing.
set -euo pipefail

die() { echo "usb: refusing: $*" >&2; exit 1; }

mode=write
if [ "${1:-}" = "--check" ]; then
	mode=check
	shift
fi
dev=${1:-}
img=${2:-}
lsblk_cmd=lsblk
assume_block=
if [ $mode = check ]; then
	lsblk_cmd=${ERIX_USB_LSBLK:-lsblk}
	assume_block=${ERIX_USB_ASSUME_BLOCK:-}
fi

[ -n "$dev" ] || die "no device given (make usb DEV=/dev/sdX)"
case $dev in
/dev/*) ;;
*) die "$dev is not a /dev path" ;;
esac
[ -e "$dev" ] || [ -n "$assume_block" ] || die "$dev does not exist"
[ -b "$dev" ] || [ -n "$assume_block" ] || die "$dev is not a block device"

# A loop device stands in for a stick only when asked for, and only over a
# regular file: one over a block device would reach that disk.
check_loop() {
	local back
	back=$(cat "/sys/block/${dev#/dev/}/loop/backing_file" 2>/dev/null) ||
		die "$dev has no backing file (not attached; losetup -f --show FILE)"
	[ -f "$back" ] || die "$dev is backed by '$back', not a regular file"
	if [ -n "$img" ] && [ -e "$img" ] && [ "$back" -ef "$img" ]; then
		die "$dev is backed by the image itself"
	fi
}

# Whole disk only: writing a partition would leave a broken table behind.
check_disk() {
	local info type rm hotplug hint=
	info=$($lsblk_cmd -dnro TYPE,RM,HOTPLUG "$dev" 2>/dev/null) || die "lsblk cannot read $dev"
	read -r type rm hotplug <<<"$info"
	[ "$type" != loop ] || hint=" (ALLOW_LOOP=1 accepts a file-backed loop device)"
	[ "$type" = disk ] || die "$dev is a '${type:-unknown}', not a whole disk$hint"
	[ "$rm" = 1 ] || [ "$hotplug" = 1 ] || die "$dev is not removable (RM=$rm HOTPLUG=$hotplug)"
}

if [ "${ALLOW_LOOP:-}" = 1 ] && [[ $dev =~ ^/dev/loop[0-9]+$ ]]; then
	check_loop
else
	check_disk
fi

# Any mounted filesystem on the disk or its partitions: it is in use.
mounts=$($lsblk_cmd -nro MOUNTPOINT "$dev" 2>/dev/null | grep -v '^$' || true)
[ -z "$mounts" ] || die "$dev has mounted filesystems: $(echo $mounts)"

if [ $mode = check ]; then
	echo "usb: $dev passes the checks"
	exit 0
fi

[ -f "$img" ] || die "no image '$img' (make image)"
if [ "${YES:-}" != 1 ]; then
	[ -t 0 ] || die "not confirmed (no terminal; set YES=1 to skip the question)"
	size=$($lsblk_cmd -dnro SIZE "$dev" 2>/dev/null || echo "?")
	model=$($lsblk_cmd -dnro MODEL "$dev" 2>/dev/null || true)
	read -r -p "usb: overwrite ALL of $dev ($size $model) with $img? type yes: " answer
	[ "$answer" = yes ] || die "not confirmed"
fi
dd if="$img" of="$dev" bs=4M conv=fsync status=progress
sync
echo "usb: wrote $img to $dev"
