#!/bin/sh
# tools/deps.sh [package...] — installs the Debian or Ubuntu packages that
# building prio and running `make check` need (and any named), only those
# missing.  As root it runs apt-get itself; otherwise through sudo, so the
# same command works in a fresh container (root, no sudo) and on a
# developer's machine.  `make deps` runs it.
set -eu

pkgs="build-essential pkg-config git libgit2-dev libyaml-dev libcmark-dev
libmicrohttpd-dev libjansson-dev curl
perl python3 python3-yaml zsh fish gpg gpgsm gpg-agent openssh-client man-db nodejs
strace clang-format"

need=
for p in $pkgs "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed" || need="$need $p"
done
[ -n "$need" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1; then
	as_root=sudo
else
	echo "deps: installing$need needs root: run this as root, or" \
	    "install sudo" >&2
	exit 1
fi
echo "deps: installing$need"
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need \
    >/dev/null
