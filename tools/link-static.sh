#!/bin/sh
# tools/link-static.sh CC DIR — writes to stdout the make variables for
# linking libgit2, libyaml, cmark and jansson into prio (LINK=static):
# their static archives and those of what they need, as pkg-config
# --static lists them, with the C library's own (-lrt, -ldl, -lm,
# -pthread) left shared.  It links tools/link-probe.c that way (in DIR)
# and runs it; if either fails (no archives, another libgit2 build), it
# writes nothing, and the Makefile links them shared.  The Makefile
# keeps what it writes in $(BUILD)/link.mk, and runs it again while that
# file is empty (the packages may come later: make deps).
set -u
cc=${1:-cc}
dir=${2:-.}
mkdir -p "$dir"
all=$(pkg-config --static --libs-only-l --libs-only-other \
    libgit2 libssh2 yaml-0.1 libcmark jansson 2>/dev/null) || all=
archives= system=
for l in $all; do
	case $l in
	-lrt | -ldl | -lm | -lc | -lpthread | -pthread)
		case " $system " in *" $l "*) ;; *) system="$system $l" ;; esac ;;
	-l*)
		# A .pc file may name a library that is not needed and not
		# installed (Debian's libssh2.pc names libgpg-error): leave
		# out what the compiler cannot find; if it was needed, the
		# probe's link fails.
		a=lib${l#-l}.a
		[ "$($cc -print-file-name="$a")" != "$a" ] &&
		    archives="$archives $l" ;;
	*) archives="$archives $l" ;;
	esac
done
wrap="-Wl,--wrap=mbedtls_x509_crt_parse_file \
-Wl,--wrap=mbedtls_x509_crt_parse_path"
if [ -n "$archives" ] &&
    $cc -DPRIO_LINK_STATIC $(pkg-config --cflags libgit2 yaml-0.1 libcmark \
    jansson) -o "$dir/link-probe" tools/link-probe.c src/link/no_remote.c \
    $wrap -Wl,-Bstatic $archives -Wl,-Bdynamic $system >"$dir/link-probe.log" \
    2>&1 && "$dir/link-probe"; then
	echo "# tools/link-static.sh found these link (CC=$cc); remove" \
	    "this file to look again."
	echo "LINK_STATIC_FLAGS = $wrap"
	echo "LINK_STATIC_LIBS =$archives"
	echo "LINK_SYSTEM_LIBS =$system"
fi
rm -f "$dir/link-probe"
