#!/usr/bin/env bash
# Assembles a bootable GPT disk image with one EFI System Partition, without
# root, mounts or loop devices (sgdisk + mtools). Reproducible: the same
# inputs give the same bytes (fixed timestamps, GUIDs and FAT serial derived
# from a hash of the inputs).
#
# usage: mkimage.sh OUT.img BOOTX64.EFI BOOT.CFG [SRC=/ESP/PATH ...]
#   BOOTX64.EFI -> \EFI\BOOT\BOOTX64.EFI, BOOT.CFG -> \EFI\ERIX\BOOT.CFG
# BOOT.CFG goes in with the SHA-256 of every extra file it names written into
# its line (image/cfgdigest.sh; idempotent, so a BOOT.CFG that already
# carries them, as `make sign` passes it, goes in unchanged).
# env: SOURCE_DATE_EPOCH (default: last git commit time, else a constant),
#      IMG_SIZE_MB (default 64)
set -euo pipefail

die() { echo "mkimage: $*" >&2; exit 1; }

[ $# -ge 3 ] || die "usage: mkimage.sh OUT.img BOOTX64.EFI BOOT.CFG [SRC=/ESP/PATH ...]"
out=$1
efi=$2
cfg=$3
shift 3

# (source, destination) pairs, in the order given: the order is part of the
# input hash, and mcopy places directory entries in this order.
srcs=("$efi" "$cfg")
dsts=("/EFI/BOOT/BOOTX64.EFI" "/EFI/ERIX/BOOT.CFG")
for arg in "$@"; do
	case $arg in
	*=/*) ;;
	*) die "extra file must be SRC=/ESP/PATH, got '$arg'" ;;
	esac
	srcs+=("${arg%%=*}")
	dsts+=("${arg#*=}")
done
for s in "${srcs[@]}"; do
	[ -f "$s" ] || die "missing input file: $s"
done
for t in sgdisk mformat mmd mcopy sha256sum; do
	command -v "$t" >/dev/null || die "$t not found (run 'make deps')"
done

here=$(cd "$(dirname "$0")" && pwd)
tmp_cfg="$out.cfg.$$"
trap 'rm -f "$tmp_cfg"' EXIT
"$here/cfgdigest.sh" "$cfg" "$tmp_cfg" "$@"
srcs[1]=$tmp_cfg
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$here" log -1 --format=%ct 2>/dev/null || true)
	# 2024-01-01T00:00:00Z when not in a git checkout.
	[ -n "$SOURCE_DATE_EPOCH" ] || SOURCE_DATE_EPOCH=1704067200
fi
# mtools stamps every directory entry with SOURCE_DATE_EPOCH (verified with
# mtools 4.0.32: mmd and mcopy both honour it), rendered in local time, so
# pin the time zone too.
export SOURCE_DATE_EPOCH TZ=UTC
size_mb=${IMG_SIZE_MB:-64}

# Identity of the image: every destination path and every byte of content.
hash=$(for i in "${!srcs[@]}"; do
	printf '%s\n' "${dsts[$i]}"
	sha256sum <"${srcs[$i]}"
done | { cat; echo "size=$size_mb epoch=$SOURCE_DATE_EPOCH"; } | sha256sum | cut -c1-64)
guid() { # 32 hex digits -> GUID text
	local h=$1
	echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"
}
disk_guid=$(guid "${hash:0:32}")
part_guid=$(guid "${hash:32:32}")
serial=${hash:0:8}

tmp="$out.tmp.$$"
trap 'rm -f "$tmp" "$tmp_cfg"' EXIT
rm -f "$tmp"
mkdir -p "$(dirname "$out")"
truncate -s "${size_mb}M" "$tmp"
sgdisk -o -n 1:2048:0 -t 1:ef00 -c 1:"EFI System" -U "$disk_guid" -u 1:"$part_guid" \
	"$tmp" >/dev/null
esp="$tmp@@1048576"
mformat -i "$esp" -F -N "$serial" -v ERIX-ESP ::

# Create each destination directory once, parents first.
declare -A made=()
for d in "${dsts[@]}"; do
	dir=$(dirname "$d")
	path=""
	IFS=/ read -ra parts <<<"${dir#/}"
	for p in "${parts[@]}"; do
		[ -n "$p" ] || continue
		path="$path/$p"
		if [ -z "${made[$path]:-}" ]; then
			mmd -i "$esp" "::$path"
			made[$path]=1
		fi
	done
done
for i in "${!srcs[@]}"; do
	mcopy -i "$esp" -o "${srcs[$i]}" "::${dsts[$i]}"
done
mv -f "$tmp" "$out"
rm -f "$tmp_cfg"
trap - EXIT
