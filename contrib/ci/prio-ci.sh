#!/usr/bin/env bash
# Builds and runs prio in CI: the steps of prio's GitHub Action
# (action.yml) and of the GitLab example (contrib/ci/gitlab-ci.yml), one
# subcommand each, so they run, and are tested, anywhere:
#
#   prio-ci.sh deps    install what building prio needs, with apt-get
#                      (sudo when not root); nothing when it is there
#   prio-ci.sh key     print key=<cache key> to $GITHUB_OUTPUT (stdout
#                      when unset): the source, the system and the
#                      libraries' versions, so a binary is only reused
#                      where it was built for
#   prio-ci.sh build   build prio into $PRIO_CI_HOME/bin, unless the
#                      binary there (a CI cache restored it) was built
#                      with the same key; adds that folder to $GITHUB_PATH
#   prio-ci.sh diff    write `prio diff --format markdown $PRIO_BASE...
#                      $PRIO_HEAD` (head default HEAD) to $PRIO_DIFF_FILE,
#                      first fetching the history a shallow clone lacks
#
# The source built is the tree this script is in.  $PRIO_CI_HOME defaults
# to ~/.cache/prio-action (what action.yml caches).  Messages start
# "prio-ci: " and go to stderr; exit 1 when a step fails, 2 for a usage
# error.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
home=${PRIO_CI_HOME:-$HOME/.cache/prio-action}
packages=(build-essential pkg-config libgit2-dev libyaml-dev libcmark-dev git)

say() {
	printf 'prio-ci: %s\n' "$*" >&2
}

die() {
	say "$*"
	exit 1
}

step_deps() {
	local need=() pkg sudo=()

	for pkg in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
		    grep -q "install ok installed" || need+=("$pkg")
	done
	if [ ${#need[@]} -eq 0 ]; then
		say "the build dependencies are installed"
		return
	fi
	command -v apt-get >/dev/null 2>&1 ||
	    die "cannot install ${need[*]}: there is no apt-get (this needs" \
	    "Debian or Ubuntu); install them first"
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	say "installing ${need[*]}"
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends "${need[@]}"
}

# ImageOS names a GitHub runner image (ubuntu24); elsewhere os-release.
cache_key() {
	local hash libs os

	hash=$(cd "$src" && find Makefile src include templates tools \
	    contrib/ci/prio-ci.sh -type f -print0 | LC_ALL=C sort -z |
	    xargs -0 sha256sum | sha256sum | cut -c1-20)
	libs=$(pkg-config --modversion libgit2 yaml-0.1 libcmark |
	    paste -sd_ -) || die "pkg-config cannot find libgit2, libyaml" \
	    "and cmark: run 'prio-ci.sh deps' first"
	os=${ImageOS:-$(. /etc/os-release && echo "$ID$VERSION_ID")}
	printf 'prio-%s-%s-%s-%s\n' "$os" "$(uname -m)" "$libs" "$hash"
}

step_key() {
	local key

	key=$(cache_key)
	printf 'key=%s\n' "$key" >>"${GITHUB_OUTPUT:-/dev/stdout}"
}

step_build() {
	local bin=$home/bin key tmp

	key=$(cache_key)
	if [ -x "$bin/prio" ] && [ "$(cat "$home/key" 2>/dev/null)" = "$key" ] &&
	    "$bin/prio" --version >/dev/null 2>&1; then
		say "using the cached $("$bin/prio" --version)"
	else
		tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/prio-build.XXXXXX")
		say "building prio from $src"
		if ! make -C "$src" -j"$(nproc)" BUILD="$tmp" "$tmp/prio" >&2; then
			rm -rf "$tmp"
			die "the build failed; the compiler says why above"
		fi
		mkdir -p "$bin"
		cp "$tmp/prio" "$bin/prio"
		ln -sf prio "$bin/git-prio"
		printf '%s\n' "$key" >"$home/key"
		rm -rf "$tmp"
		say "built $("$bin/prio" --version)"
	fi
	if [ -n "${GITHUB_PATH:-}" ]; then
		printf '%s\n' "$bin" >>"$GITHUB_PATH"
	fi
}

# Whether base, head and the history between them are all here.
have_history() {
	[ "$(git rev-parse --is-shallow-repository)" = false ] &&
	    git cat-file -e "$1^{commit}" 2>/dev/null &&
	    git cat-file -e "$2^{commit}" 2>/dev/null
}

step_diff() {
	local base=${PRIO_BASE:-} head=${PRIO_HEAD:-} out=${PRIO_DIFF_FILE:-}

	[ -n "$out" ] || { say "set PRIO_DIFF_FILE to the file to write"; exit 2; }
	[ -n "$base" ] || die "no base to compare with: on GitHub, set the" \
	    "action's 'base' input (it defaults to the pull request's base)"
	[ -n "$head" ] || head=HEAD
	if ! have_history "$base" "$head"; then
		say "fetching the history prio diff needs (a full clone," \
		    "e.g. fetch-depth: 0, saves this)"
		if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
			git fetch --quiet --no-tags --unshallow origin >&2
		fi
		# A commit no branch fetched holds (e.g. the head of a pull
		# request under pull_request_target) is fetched by its ID.
		git cat-file -e "$base^{commit}" 2>/dev/null ||
		    git fetch --quiet --no-tags origin "$base" >&2 || true
		git cat-file -e "$head^{commit}" 2>/dev/null ||
		    git fetch --quiet --no-tags origin "$head" >&2 || true
		have_history "$base" "$head" ||
		    die "cannot find $base or $head in the repository"
	fi
	prio diff --format markdown "$base...$head" >"$out"
}

case ${1:-} in
deps|key|build|diff) "step_$1" ;;
*) say "usage: prio-ci.sh deps|key|build|diff"; exit 2 ;;
esac
