#!/bin/sh
# Signed commits (issue 12, SPEC §8.1): a commit prio makes is signed
# exactly when `git commit` would sign it.  Real keys are made here: gpg
# (openpgp) and gpgsm (x509, a self-signed certificate) in a temporary
# GNUPGHOME, ssh-keygen -t ed25519 with an ssh-agent of the test's own.
# git verify-commit and git log --show-signature are the oracle.  A
# signing failure must change nothing.
. "$(dirname "$0")/lib.sh"

for _need in gpg:gpg gpg-agent:gpg-agent gpgconf:gpgconf gpgsm:gpgsm \
    ssh-keygen:openssh-client ssh-agent:openssh-client \
    ssh-add:openssh-client getent:libc-bin; do
	if ! command -v "${_need%%:*}" >/dev/null 2>&1; then
		echo "Bail out! ${_need%%:*} is needed for these tests:" \
		    "install the package ${_need#*:}"
		exit 1
	fi
done

export GNUPGHOME=$TEST_ROOT/gnupg
export TMPDIR=$TEST_ROOT/tmp
mkdir -m 700 "$GNUPGHOME"
mkdir "$TMPDIR" "$TEST_ROOT/bin"
unset SSH_AUTH_SOCK SSH_AGENT_PID
AGENT=

cleanup() {
	gpgconf --kill all >/dev/null 2>&1
	[ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null
	chmod -R u+rwx "$TEST_ROOT" 2>/dev/null
	rm -rf "$TEST_ROOT"
}
trap cleanup EXIT

# expect_cmd "name" cmd...: the command's stdout and stderr (stdin).
expect_cmd() {
	_name=$1
	shift
	"$@" >"$TEST_ROOT/out" 2>&1
	expect_out "$_name"
}

status() { git log -1 --format=%G?; }

# verified "name": git verify-commit accepts HEAD (exit 0).
verified() {
	if git verify-commit HEAD >"$TEST_ROOT/verify" 2>&1; then
		ok "$1"
	else
		not_ok "$1"
		sed 's/^/#   /' "$TEST_ROOT/verify"
	fi
}

# Two ready stories; prio move S-2 --top commits one change.
setup() {
	new_repo
	good_story S-1 "rank: 1"
	good_story S-2 "rank: 2"
	commit_all "backlog"
}

# Remembers HEAD, the index and the story files, for no_change.
snapshot() {
	git status --porcelain >/dev/null  # git refreshes the index
	HEAD0=$(git rev-parse HEAD)
	cp .git/index "$TEST_ROOT/index.before"
	cp backlog/stories/S-1.md "$TEST_ROOT/S-1.before"
	cp backlog/stories/S-2.md "$TEST_ROOT/S-2.before"
}

# no_change "what": a failed run left the repository as snapshot saw it.
no_change() {
	if cmp -s .git/index "$TEST_ROOT/index.before" &&
	    cmp -s backlog/stories/S-1.md "$TEST_ROOT/S-1.before" &&
	    cmp -s backlog/stories/S-2.md "$TEST_ROOT/S-2.before" &&
	    [ ! -e .git/index.lock ]; then
		ok "$1: the index and the files are as they were"
	else
		not_ok "$1: the index and the files are as they were"
	fi
	expect_same "$(git rev-parse HEAD)" "$HEAD0" "$1: HEAD did not move"
	expect_same "$(git status --porcelain)" "" "$1: git status is clean"
	expect_same "$(ls -A "$TMPDIR")" "" "$1: no temporary file is left"
}

# ---- openpgp ------------------------------------------------------------

gpg --batch --passphrase '' --quick-gen-key 'Tester <tester@example.com>' \
    ed25519 sign never >/dev/null 2>&1
gpg --batch --passphrase '' --quick-gen-key 'Other <other@example.com>' \
    ed25519 sign never >/dev/null 2>&1
fpr() {
	gpg --with-colons --list-secret-keys "$1" 2>/dev/null |
	    awk -F: '/^fpr/ { print $10; exit }'
}
TESTER=$(fpr tester@example.com)
OTHER=$(fpr other@example.com)
if [ -z "$TESTER" ] || [ -z "$OTHER" ]; then
	echo "Bail out! gpg --quick-gen-key made no keys in $GNUPGHOME"
	exit 1
fi

setup
git config commit.gpgsign true
git config user.signingkey "$TESTER"
run_prio move S-2 --top -m "Customers asked."
expect_rc 0 "openpgp, commit.gpgsign: move exits 0"
expect_err "and says nothing on stderr" </dev/null
verified "git verify-commit accepts the commit"
expect_same "$(status)" G "%G? is G"
expect_same "$(git log -1 --format=%GF)" "$TESTER" "signed with user.signingkey"
git log -1 --show-signature >"$TEST_ROOT/show" 2>&1
grep -q '^gpg: Good signature from "Tester <tester@example.com>"' \
    "$TEST_ROOT/show" && ok "git log --show-signature: a good signature" ||
    not_ok "git log --show-signature: a good signature"
expect_cmd "git fsck --strict finds nothing wrong" git fsck --strict \
    --no-dangling </dev/null
expect_same "$(git log -1 --format=%s)" "prio: move S-2 to #1 (was #2)" \
    "the commit is prio's"

run_prio move S-1 --top -m "Back." --no-gpg-sign
expect_rc 0 "--no-gpg-sign: exit 0"
expect_same "$(status)" N "--no-gpg-sign overrides commit.gpgsign: N"

git config --unset commit.gpgsign
run_prio move S-2 --top -m "Again."
expect_same "$(status)" N "no commit.gpgsign: not signed, as git"
run_prio move S-1 --top -m "Signed." -S
expect_rc 0 "-S: exit 0"
verified "-S: git verify-commit accepts it"
expect_same "$(status)" G "-S without commit.gpgsign: G"
run_prio move S-2 --top -m "By the other key." --gpg-sign="$OTHER"
expect_same "$(git log -1 --format=%G?%GF)" "G$OTHER" \
    "--gpg-sign=<key> picks that key over user.signingkey"
run_prio move S-1 --top -m "Short form." "-S$OTHER"
expect_same "$(git log -1 --format=%G?%GF)" "G$OTHER" "-S<key> picks that key"

git config --unset user.signingkey
git config commit.gpgsign true
run_prio move S-2 --top -m "Default key."
expect_same "$(git log -1 --format=%G?%GF)" "G$TESTER" \
    "no user.signingkey: the committer's key"
GIT_COMMITTER_NAME=Other GIT_COMMITTER_EMAIL=other@example.com \
    run_prio move S-1 --top -m "Other committer."
expect_same "$(git log -1 --format=%G?%GF)" "G$OTHER" \
    "the default key follows the committer (GIT_COMMITTER_*)"

# gpg.program: run as git runs it.
cat >"$TEST_ROOT/bin/gpg-rec" <<'X'
#!/bin/sh
printf '%s|' "$@" >>"$GPG_LOG"
echo >>"$GPG_LOG"
exec gpg "$@"
X
chmod +x "$TEST_ROOT/bin/gpg-rec"
export GPG_LOG=$TEST_ROOT/gpg.log
git config user.signingkey "$TESTER"
git config gpg.program "$TEST_ROOT/bin/gpg-rec"
run_prio move S-2 --top -m "Through gpg.program."
expect_file "$GPG_LOG" "gpg.program runs with git's arguments" <<X
--status-fd=2|-bsau|$TESTER|
X
expect_same "$(status)" G "gpg.program: G"
mkdir signing
cp "$TEST_ROOT/bin/gpg-rec" signing/gpg
git config gpg.program signing/gpg
cd backlog/stories || exit 1
run_prio move S-1 --top -m "A relative gpg.program, from a subfolder."
cd ../.. || exit 1
expect_same "$RC$(status)" 0G \
    "a relative gpg.program is found from the work tree's top, as in git"
rm -r signing
git config gpg.program "$TEST_ROOT/bin/gpg-rec"
: >"$GPG_LOG"
git config --global gpg.openpgp.program "$TEST_ROOT/no/such/gpg"
# Each move here takes the story that is second to the top, so that it
# always changes a file: moving the top story to the top again draws a
# new rank from the same gap, which now and then is the rank it has
# (then nothing is committed, and nothing signed).
run_prio move S-2 --top -m "The local gpg.program wins."
expect_rc 0 "the local gpg.program wins: exit 0"
expect_same "$(wc -l <"$GPG_LOG")$(status)" 1G \
    "gpg.program in the repository beats a global gpg.openpgp.program"
git config --global --unset gpg.openpgp.program
git config gpg.openpgp.program "$TEST_ROOT/no/such/gpg"
run_prio move S-1 --top -m "The later one wins."
expect_rc 1 "of gpg.program and gpg.openpgp.program the later wins, as in git"
git config --unset gpg.openpgp.program
git config --unset gpg.program

# The payload is the commit's own bytes; the signature goes in gpgsig,
# CRs removed.  The fake signer writes a lot on stderr before it reads
# stdin: prio must read both at once, not deadlock.
cat >"$TEST_ROOT/bin/fake-gpg" <<'X'
#!/bin/sh
head -c 300000 /dev/zero | tr '\0' 'x' >&2
cat >"$FAKE_PAYLOAD"
printf '\n[GNUPG:] SIG_CREATED D 22 8 00 1 X\n' >&2
printf -- '-----BEGIN PGP SIGNATURE-----\r\n\r\nfake\r\n-----END PGP SIGNATURE-----\r\n'
X
chmod +x "$TEST_ROOT/bin/fake-gpg"
export FAKE_PAYLOAD=$TEST_ROOT/payload
git config gpg.program "$TEST_ROOT/bin/fake-gpg"
run_prio move S-1 --top -m "Fake."
expect_rc 0 "a signer that writes much before it reads: exit 0"
git cat-file commit HEAD >"$TEST_ROOT/commit"
sed -n '/^gpgsig/,/^ -----END/p' "$TEST_ROOT/commit" >"$TEST_ROOT/header"
expect_file "$TEST_ROOT/header" \
    "the signature is the gpgsig header, CRs removed, no blank line after" <<'X'
gpgsig -----BEGIN PGP SIGNATURE-----
 
 fake
 -----END PGP SIGNATURE-----
X
sed '/^gpgsig/,/^ -----END/d' "$TEST_ROOT/commit" >"$TEST_ROOT/unsigned"
expect_file "$FAKE_PAYLOAD" "the signer got the commit without gpgsig" \
    <"$TEST_ROOT/unsigned"
git config --unset gpg.program

# ---- openpgp: what fails changes nothing -------------------------------

git config user.signingkey "$TESTER"

git config gpg.format foo
snapshot
run_prio move S-2 --top -m "Unknown format."
expect_rc 1 "unknown gpg.format: exit 1"
expect_err "it names the value and the valid ones" <<'X'
prio: cannot sign the commit: gpg.format is 'foo', which git does not know; set it to openpgp, x509 or ssh, or commit with --no-gpg-sign
X
no_change "unknown gpg.format"
run_prio move S-2 --top -m "Unsigned anyway." --no-gpg-sign
expect_rc 0 "an unknown gpg.format does not stop --no-gpg-sign"
git config --unset gpg.format

git config gpg.program "$TEST_ROOT/no/such/gpg"
snapshot
run_prio move S-1 --top -m "No program."
expect_rc 1 "gpg.program that does not exist: exit 1"
expect_err "it names the program and what to do" <<X
prio: cannot sign the commit with key '$TESTER': cannot run '$TEST_ROOT/no/such/gpg': No such file or directory; install it or set gpg.program, or commit with --no-gpg-sign
X
no_change "no such gpg.program"
printf '#!/bin/sh\nexit 0\n' >"$TEST_ROOT/bin/not-executable"
chmod 644 "$TEST_ROOT/bin/not-executable"
git config gpg.program "$TEST_ROOT/bin/not-executable"
snapshot
run_prio move S-1 --top -m "Not executable."
expect_rc 1 "gpg.program that is not executable: exit 1"
expect_err "it says so" <<X
prio: cannot sign the commit with key '$TESTER': cannot run '$TEST_ROOT/bin/not-executable': Permission denied; install it or set gpg.program, or commit with --no-gpg-sign
X
no_change "a gpg.program that is not executable"
git config gpg.program no-such-gpg-in-path
snapshot
run_prio move S-1 --top -m "Not in PATH."
expect_rc 1 "gpg.program not in PATH: exit 1"
expect_err "it names the program" <<X
prio: cannot sign the commit with key '$TESTER': cannot run 'no-such-gpg-in-path': No such file or directory; install it or set gpg.program, or commit with --no-gpg-sign
X
no_change "a gpg.program not in PATH"
git config --unset gpg.program

git config user.signingkey nobody@example.com
snapshot
run_prio move S-1 --top -m "No key."
expect_rc 1 "a key that does not exist: exit 1"
expect_err "gpg's message is shown" <<'X'
prio: cannot sign the commit with key 'nobody@example.com': 'gpg' failed (exit status 2):
  gpg: skipped "nobody@example.com": No secret key
  gpg: signing failed: No secret key
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "no such key"
git config user.signingkey "$TESTER"

cat >"$TEST_ROOT/bin/broken-gpg" <<'X'
#!/bin/sh
echo "broken-gpg: the card is not inserted" >&2
echo "[GNUPG:] FAILURE sign 85" >&2
exit 1
X
chmod +x "$TEST_ROOT/bin/broken-gpg"
git config gpg.program "$TEST_ROOT/bin/broken-gpg"
snapshot
run_prio move S-1 --top -m "Broken."
expect_rc 1 "a signer that exits 1: exit 1"
expect_err "its message is shown, status lines left out" <<X
prio: cannot sign the commit with key '$TESTER': '$TEST_ROOT/bin/broken-gpg' failed (exit status 1):
  broken-gpg: the card is not inserted
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "a failing signer"

cat >"$TEST_ROOT/bin/silent-gpg" <<'X'
#!/bin/sh
cat >/dev/null
echo "[GNUPG:] BEGIN_SIGNING H8" >&2
echo "-----BEGIN PGP SIGNATURE-----"
echo "-----END PGP SIGNATURE-----"
X
chmod +x "$TEST_ROOT/bin/silent-gpg"
git config gpg.program "$TEST_ROOT/bin/silent-gpg"
snapshot
run_prio move S-1 --top -m "Silent."
expect_rc 1 "a signer that prints no SIG_CREATED: exit 1"
expect_err "it says no signature was made" <<X
prio: cannot sign the commit with key '$TESTER': '$TEST_ROOT/bin/silent-gpg' made no signature (no "[GNUPG:] SIG_CREATED" line on its status output):
  (it wrote no message)
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "no SIG_CREATED"

cat >"$TEST_ROOT/bin/killed-gpg" <<'X'
#!/bin/sh
kill -TERM $$
X
chmod +x "$TEST_ROOT/bin/killed-gpg"
git config gpg.program "$TEST_ROOT/bin/killed-gpg"
snapshot
run_prio move S-1 --top -m "Killed."
expect_rc 1 "a signer killed by a signal: exit 1"
expect_err "it says so" <<X
prio: cannot sign the commit with key '$TESTER': '$TEST_ROOT/bin/killed-gpg' was killed by signal 15:
  (it wrote no message)
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "a killed signer"
git config --unset gpg.program

git config commit.gpgsign maybe
snapshot
run_prio move S-1 --top -m "Maybe."
expect_rc 1 "commit.gpgsign that is not a boolean: exit 1"
expect_err "it says what it must be" <<'X'
prio: cannot commit: commit.gpgsign is 'maybe', which is not a boolean; set it to true or false
X
no_change "a bad commit.gpgsign"
git config commit.gpgsign true

# ---- every command that commits signs ----------------------------------

new_repo
good_story S-1 "rank: 1"
good_story S-2 "rank: 2"
printf -- '---\nid: S-4\ntitle: Done\nstatus: done\nrank: 4\n---\n## Acceptance criteria\n\n- [x] It works.\n' \
    >backlog/stories/S-4.md
printf -- '---\nid: S-5\ntitle: Done too\nstatus: done\nrank: 5\n---\n## Acceptance criteria\n\n- [x] It works.\n' \
    >backlog/stories/S-5.md
printf -- '---\nid: S-6\ntitle: Twin a\nstatus: draft\n---\n' \
    >backlog/stories/S-6-a.md
printf -- '---\nid: S-6\ntitle: Twin b\nstatus: draft\n---\n' \
    >backlog/stories/S-6-b.md
commit_all "backlog"
git config commit.gpgsign true
git config user.signingkey "$TESTER"
for _cmd in "new Third --commit -m why" "move S-1 --top -m why" \
    "renumber -m why" "set S-2 value=9 -m why" "rerank --by score -m why" \
    "accept S-4" "reject S-5 -m why" "reid backlog/stories/S-6-b.md -m why"; do
	_before=$(git rev-parse HEAD)
	# shellcheck disable=SC2086
	run_prio $_cmd
	if [ "$RC" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$_before" ] &&
	    [ "$(status)" = G ] && git verify-commit HEAD >/dev/null 2>&1; then
		ok "prio ${_cmd%% *} signs its commit"
	else
		not_ok "prio ${_cmd%% *} signs its commit"
		echo "#   exit $RC, %G? $(status)"
		sed 's/^/#   stderr: /' "$TEST_ROOT/err"
	fi
done

# ---- x509 (gpgsm) -------------------------------------------------------

cat >"$TEST_ROOT/x509.params" <<'X'
Key-Type: RSA
Key-Length: 2048
Key-Usage: sign
Serial: random
Name-DN: CN=Tester,O=Example
Name-Email: tester@example.com
X
gpgsm --batch --pinentry-mode loopback --passphrase '' --gen-key \
    -o "$TEST_ROOT/x509.pem" "$TEST_ROOT/x509.params" >/dev/null 2>&1
gpgsm --batch --import "$TEST_ROOT/x509.pem" >/dev/null 2>&1
CERT=$(gpgsm --with-colons --list-secret-keys 2>/dev/null |
    awk -F: '/^fpr/ { print $10; exit }')
if [ -z "$CERT" ]; then
	echo "Bail out! gpgsm made no certificate in $GNUPGHOME"
	exit 1
fi
# Trust the self-signed certificate; there is no CRL to check.
echo "$CERT S relax" >"$GNUPGHOME/trustlist.txt"
echo disable-crl-checks >"$GNUPGHOME/gpgsm.conf"
gpgconf --reload gpg-agent >/dev/null 2>&1

setup
git config commit.gpgsign true
git config gpg.format x509
git config user.signingkey "$CERT"
run_prio move S-2 --top -m "x509."
expect_rc 0 "x509: exit 0"
verified "x509: git verify-commit accepts it"
expect_same "$(git log -1 --format=%G?%GK)" "G$CERT" "x509: G, the certificate"
expect_same "$(git cat-file commit HEAD | grep -c '^gpgsig -----BEGIN SIGNED MESSAGE-----$')" \
    1 "x509: the signature is in gpgsig, as git puts it"

: >"$GPG_LOG"
git config gpg.x509.program "$TEST_ROOT/bin/gpg-rec"
sed -i 's/^exec gpg /exec gpgsm /' "$TEST_ROOT/bin/gpg-rec"
run_prio move S-1 --top -m "x509 through gpg.x509.program."
expect_file "$GPG_LOG" "gpg.x509.program runs with git's arguments" <<X
--status-fd=2|-bsau|$CERT|
X
expect_same "$(status)" G "gpg.x509.program: G"
git config gpg.program "$TEST_ROOT/no/such/gpg"
run_prio move S-2 --top -m "gpg.program is openpgp's only."
expect_same "$RC$(status)" 0G "x509 ignores gpg.program"
git config --unset gpg.program
git config --unset gpg.x509.program

git config --unset user.signingkey
snapshot
run_prio move S-1 --top -m "x509 without a key."
expect_rc 1 "x509 without user.signingkey: gpgsm cannot use the committer"
expect_err "gpgsm's message is shown" <<'X'
prio: cannot sign the commit with key 'Tester <tester@example.com>': 'gpgsm' failed (exit status 1):
  gpgsm: can't sign using 'Tester <tester@example.com>': No public key
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "x509 without a key"

# ---- ssh ----------------------------------------------------------------

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C tester -f "$HOME/.ssh/id_ed25519"
KEY=$HOME/.ssh/id_ed25519
echo "tester@example.com namespaces=\"git\" $(cat "$KEY.pub")" \
    >"$TEST_ROOT/allowed_signers"
git config --global gpg.ssh.allowedSignersFile "$TEST_ROOT/allowed_signers"

setup
git config commit.gpgsign true
git config gpg.format ssh
git config user.signingkey "$KEY"
run_prio move S-2 --top -m "ssh, a private key file."
expect_rc 0 "ssh, a key file: exit 0"
verified "ssh, a key file: git verify-commit accepts it"
expect_same "$(status)" G "ssh, a key file: G"
git log -1 --show-signature >"$TEST_ROOT/show" 2>&1
grep -q '^Good "git" signature for tester@example.com with ED25519 key' \
    "$TEST_ROOT/show" && ok "ssh: git log --show-signature: a good signature" ||
    not_ok "ssh: git log --show-signature: a good signature"
expect_same "$(ls -A "$TMPDIR")" "" "ssh: the temporary files are gone"

git config user.signingkey "~/.ssh/id_ed25519"
run_prio move S-1 --top -m "ssh, ~/."
expect_same "$RC$(status)" 0G "ssh: ~/ in user.signingkey is the home folder"

cat >"$TEST_ROOT/bin/keygen-rec" <<'X'
#!/bin/sh
printf '%s|' "$@" | sed "s|$TMPDIR/[^|]*|TMP|g" >>"$GPG_LOG"
echo >>"$GPG_LOG"
exec ssh-keygen "$@"
X
chmod +x "$TEST_ROOT/bin/keygen-rec"
: >"$GPG_LOG"
git config gpg.ssh.program "$TEST_ROOT/bin/keygen-rec"
git config user.signingkey "$KEY"
run_prio move S-2 --top -m "ssh through gpg.ssh.program."
expect_file "$GPG_LOG" "gpg.ssh.program runs with git's arguments" <<X
-Y|sign|-n|git|-f|$KEY|TMP|
X
expect_same "$RC$(status)" 0G "gpg.ssh.program: G"
git config --unset gpg.ssh.program

# The public half and key:: literals need the private key in an agent.
eval "$(ssh-agent -s)" >/dev/null
AGENT=$SSH_AGENT_PID
ssh-add -q "$KEY" 2>/dev/null
git config user.signingkey "$KEY.pub"
run_prio move S-1 --top -m "ssh, the public key file."
expect_same "$RC$(status)" 0G "ssh, a .pub file with the agent: G"
git config user.signingkey "key::$(cat "$KEY.pub")"
: >"$GPG_LOG"
git config gpg.ssh.program "$TEST_ROOT/bin/keygen-rec"
run_prio move S-2 --top -m "ssh, key::."
expect_file "$GPG_LOG" "a literal is a temporary key file and -U" <<X
-Y|sign|-n|git|-f|TMP|-U|TMP|
X
git config --unset gpg.ssh.program
expect_same "$RC$(status)" 0G "ssh, a key:: literal with the agent: G"
verified "ssh, key::: git verify-commit accepts it"
git config user.signingkey "$(cat "$KEY.pub")"
run_prio move S-1 --top -m "ssh, ssh-... literal."
expect_same "$RC$(status)" 0G "ssh, an ssh-ed25519 literal: G"
git config --unset user.signingkey
git config gpg.ssh.defaultKeyCommand "ssh-add -L"
run_prio move S-2 --top -m "ssh, defaultKeyCommand."
expect_same "$RC$(status)" 0G "ssh, gpg.ssh.defaultKeyCommand: G"
verified "ssh, defaultKeyCommand: git verify-commit accepts it"
expect_same "$(ls -A "$TMPDIR")" "" "ssh: no temporary file is left"

git config gpg.ssh.defaultKeyCommand "echo 'no key here'"
snapshot
run_prio move S-1 --top -m "ssh, no key printed."
expect_rc 1 "defaultKeyCommand that prints no key: exit 1"
expect_err "it says the command printed no key" <<'X'
prio: cannot sign the commit: gpg.ssh.defaultKeyCommand 'echo 'no key here'' printed no ssh key (its first line must start with "ssh-" or "key::"); fix it or set user.signingkey, or commit with --no-gpg-sign
X
no_change "defaultKeyCommand without a key"

git config gpg.ssh.defaultKeyCommand "sh -c 'echo agent is gone >&2; exit 2'"
snapshot
run_prio move S-1 --top -m "ssh, command fails."
expect_rc 1 "defaultKeyCommand that fails: exit 1"
expect_err "its message is shown" <<'X'
prio: cannot sign the commit: 'sh' failed (exit status 2):
  agent is gone
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "a failing defaultKeyCommand"

git config --unset gpg.ssh.defaultKeyCommand
snapshot
run_prio move S-1 --top -m "ssh, no key."
expect_rc 1 "ssh without a key: exit 1"
expect_err "it says which settings give one" <<'X'
prio: cannot sign the commit: gpg.format is ssh and no key is set; set user.signingkey (a key file, or key::<public key>) or gpg.ssh.defaultKeyCommand, or commit with --no-gpg-sign
X
no_change "ssh without a key"

git config user.signingkey "$TEST_ROOT/no/such/key"
snapshot
run_prio move S-1 --top -m "ssh, missing key file."
expect_rc 1 "ssh, a key file that does not exist: exit 1"
expect_err "ssh-keygen's message is shown" <<X
prio: cannot sign the commit with key '$TEST_ROOT/no/such/key': 'ssh-keygen' failed (exit status 255):
  Couldn't load public key $TEST_ROOT/no/such/key: No such file or directory
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "ssh, no key file"

cat >"$TEST_ROOT/bin/old-keygen" <<'X'
#!/bin/sh
echo "usage: ssh-keygen [-q] [-a rounds] [-b bits]" >&2
exit 1
X
chmod +x "$TEST_ROOT/bin/old-keygen"
git config user.signingkey "$KEY"
git config gpg.ssh.program "$TEST_ROOT/bin/old-keygen"
snapshot
run_prio move S-1 --top -m "ssh, an old ssh-keygen."
expect_rc 1 "an ssh-keygen without -Y sign: exit 1"
expect_err "it says which OpenSSH is needed" <<X
prio: cannot sign the commit with key '$KEY': '$TEST_ROOT/bin/old-keygen' failed (exit status 1):
  usage: ssh-keygen [-q] [-a rounds] [-b bits]
  ssh-keygen -Y sign is needed for ssh signing (OpenSSH 8.2p1 or later)
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "an old ssh-keygen"
git config --unset gpg.ssh.program

_me=$(id -un)
_home=$(getent passwd "$_me" | cut -d: -f6)
git config user.signingkey "~$_me/no-such-key"
snapshot
run_prio move S-1 --top -m "ssh, ~user/."
expect_rc 1 "ssh, ~user/ in a key file that does not exist: exit 1"
expect_err "~user/ is that user's home folder" <<X
prio: cannot sign the commit with key '~$_me/no-such-key': 'ssh-keygen' failed (exit status 255):
  Couldn't load public key $_home/no-such-key: No such file or directory
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "ssh, ~user/"

kill "$AGENT" 2>/dev/null
AGENT=
unset SSH_AUTH_SOCK SSH_AGENT_PID
git config user.signingkey "key::$(cat "$KEY.pub")"
snapshot
run_prio move S-1 --top -m "ssh, the agent is gone."
expect_rc 1 "ssh, a key:: literal without an agent: exit 1"
expect_err "ssh-keygen's message is shown" <<X
prio: cannot sign the commit with key 'key::$(cat "$KEY.pub")': 'ssh-keygen' failed (exit status 255):
  Couldn't get agent socket
check user.signingkey and gpg.format, or commit with --no-gpg-sign
X
no_change "ssh without an agent"

done_testing
