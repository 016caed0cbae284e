#!/usr/bin/env bash
# Writes BOOT.CFG with a SHA-256 for every file the image carries: each
# `kernel <path>` and `module <name> <path>` line whose path is one of the
# given files gets ` sha256=<hex>` right after the path (an existing sha256=
# field there is replaced, so running it twice gives the same bytes). Lines
# naming other paths, comments and spacing stay as they are.
#
# usage: cfgdigest.sh TEMPLATE OUT [SRC=/ESP/PATH ...]
set -euo pipefail

die() { echo "cfgdigest: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: cfgdigest.sh TEMPLATE OUT [SRC=/ESP/PATH ...]"
template=$1
out=$2
shift 2
[ -f "$template" ] || die "missing template: $template"

map=$(mktemp)
trap 'rm -f "$map" "$out.tmp.$$"' EXIT
for arg in "$@"; do
	case $arg in
	*=/*) ;;
	*) die "file must be SRC=/ESP/PATH, got '$arg'" ;;
	esac
	src=${arg%%=*}
	[ -f "$src" ] || die "missing input file: $src"
	# BOOT.CFG names files with backslashes: /EFI/ERIX/K.ELF -> \EFI\ERIX\K.ELF
	printf '%s %s\n' "$(printf '%s' "${arg#*=}" | tr / '\\')" "$(sha256sum <"$src" | cut -c1-64)"
done >"$map"

# The path is the 2nd token of a kernel line, the 3rd of a module line; the
# digest goes right after it, before any command line.
LC_ALL=C awk '
NR == FNR { digest[$1] = $2; next }
{
	line = $0
	if (!match(line, /^[ \t]*kernel[ \t]+[^ \t\r]+/) &&
	    !match(line, /^[ \t]*module[ \t]+[^ \t\r]+[ \t]+[^ \t\r]+/)) {
		print line
		next
	}
	head = substr(line, 1, RLENGTH)
	rest = substr(line, RLENGTH + 1)
	path = head
	sub(/^.*[ \t]/, "", path)
	if (!(path in digest)) {
		print line
		next
	}
	while (match(rest, /^[ \t]+sha256=[^ \t\r]*/))
		rest = substr(rest, RLENGTH + 1)
	print head " sha256=" digest[path] rest
}' "$map" "$template" >"$out.tmp.$$"
mv -f "$out.tmp.$$" "$out"
