# prio — see README.md. `make`, `make check`, `make install PREFIX=...`,
# `make SANITIZE=1 check`, `make bench`.
PREFIX  ?= /usr/local
CC      ?= cc
# libmicrohttpd is compiled against but not linked: prio serve loads it
# (src/cli/serve_mhd.c), so its TLS stack stays off every other start.
PKGS     = libgit2 yaml-0.1 libcmark jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libmicrohttpd)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

CFLAGS  ?= -O2 -g
CFLAGS  += -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter -Iinclude $(PKG_CFLAGS)

ifeq ($(SANITIZE),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
BUILD   ?= build-san
endif
# Stories are parsed on several threads: SANITIZE=thread checks that.
ifeq ($(SANITIZE),thread)
CFLAGS  += -O1 -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS += -fsanitize=thread
BUILD   ?= build-tsan
endif
# Fuzzing builds everything with clang's libFuzzer instrumentation
# (`make fuzz` sets this up in build-fuzz/).
ifeq ($(FUZZ),1)
CC      := clang
CFLAGS  += -O1 -fsanitize=fuzzer-no-link,address,undefined \
           -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
BUILD   ?= build-fuzz
endif
BUILD   ?= build

# How libgit2, libyaml, cmark and jansson are linked.  LINK=static puts
# them, and what they need, into each program: a prio command then
# starts in 1.4 ms, as git does, not 5 ms (the dynamic linker maps and
# relocates 22 shared libraries otherwise).  It is the default where
# their static archives link (Debian's -dev packages ship them);
# tools/link-static.sh finds out, once per build folder.  LINK=shared
# links the shared libraries, as a distribution's package would.
# src/link/no_remote.c goes into every program that links libgit2.
LINK_MK  = $(BUILD)/link.mk
ifneq ($(LINK),shared)
$(shell mkdir -p $(BUILD) && { [ -s $(LINK_MK) ] || \
    sh tools/link-static.sh "$(CC)" $(BUILD) >$(LINK_MK); })
-include $(LINK_MK)
LINK    ?= $(if $(LINK_STATIC_LIBS),static,shared)
endif
ifeq ($(LINK),static)
ifeq ($(LINK_STATIC_LIBS),)
$(error LINK=static: the static archives do not link here; see $(BUILD)/link-probe.log)
endif
CFLAGS  += -DPRIO_LINK_STATIC
LDFLAGS += $(LINK_STATIC_FLAGS)
LDLIBS  += -Wl,-Bstatic $(LINK_STATIC_LIBS) -Wl,-Bdynamic \
           $(LINK_SYSTEM_LIBS) -lm -pthread
else
LDLIBS  += $(PKG_LIBS) -lm -pthread
endif
LINK_OBJ = $(BUILD)/src/link/no_remote.o
LINK_STAMP = $(BUILD)/link-$(LINK).stamp

LIB_SRC  = $(wildcard src/lib/*.c)
CLI_SRC  = $(wildcard src/cli/*.c)
UNIT_SRC = $(wildcard tests/unit/t-*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Each fuzz target is also a unit test that replays its saved inputs.
FUZZ_TARGETS = story config rank score edit cache merge memo
FUZZ_BIN = $(FUZZ_TARGETS:%=$(BUILD)/tests/t-fuzz-%)
LIBPRIO  = $(BUILD)/libprio.a
PRIO     = $(BUILD)/prio

MAN_SRC  = $(wildcard man/*.1.md)
MAN_OUT  = $(MAN_SRC:man/%.1.md=$(BUILD)/man/%.1)
MAN_DATE = 2026-11-23

# The completion scripts, written by prio from its option tables.
COMPLETIONS = $(BUILD)/completion/prio.bash $(BUILD)/completion/_prio \
              $(BUILD)/completion/prio.fish

all: $(PRIO) $(UNIT_BIN) $(FUZZ_BIN) $(MAN_OUT) $(COMPLETIONS)

$(BUILD)/tools/md2man: tools/md2man.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/man/%.1: man/%.1.md $(BUILD)/tools/md2man
	@mkdir -p $(@D)
	$(BUILD)/tools/md2man $(shell echo $* | tr a-z A-Z) 1 $(MAN_DATE) <$< >$@

# The compiler writes each object's header dependencies (-MMD).
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# Objects compiled for one LINK are built again for the other.
$(LINK_STAMP):
	@mkdir -p $(@D)
	rm -f $(BUILD)/link-*.stamp && touch $@
$(LINK_OBJ) $(BUILD)/src/cli/main.o: $(LINK_STAMP)

# Where prio new finds the installed templates (it also looks next to
# the binary, so an installed tree can move; see prio-new(1)).
$(BUILD)/src/cli/cmd_new.o: CFLAGS += -DPRIO_DATADIR='"$(PREFIX)/share/prio"'

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) \
    $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d) \
    $(wildcard $(BUILD)/fuzz/*.d)

$(LIBPRIO): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

# templates/report.html is compiled into prio (prio report), so the
# binary needs no data folder to find it.
REPORT_OBJ = $(BUILD)/gen/report_template.o
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<
$(BUILD)/gen/report_template.c: templates/report.html $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed prio_report_template <templates/report.html >$@
$(REPORT_OBJ): $(BUILD)/gen/report_template.c
	$(CC) $(CFLAGS) -c -o $@ $<

# The git hooks (templates/hooks/) are compiled in too: `prio hook
# install` must work wherever prio is.
HOOK_OBJ = $(BUILD)/gen/hook-pre-commit.o $(BUILD)/gen/hook-pre-receive.o
$(BUILD)/gen/hook-%.c: templates/hooks/% $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed prio_hook_$(subst -,_,$*) <$< >$@
$(BUILD)/gen/hook-%.o: $(BUILD)/gen/hook-%.c
	$(CC) $(CFLAGS) -c -o $@ $<

# The hand-written parts of the completion scripts are compiled in, and
# prio completion bash|zsh|fish adds what its option tables say.
COMPLETION_OBJ = $(BUILD)/gen/completion-bash.o \
    $(BUILD)/gen/completion-zsh.o $(BUILD)/gen/completion-fish.o
$(BUILD)/gen/completion-bash.c: contrib/completion/prio.bash.in \
    $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed prio_completion_bash <$< >$@
$(BUILD)/gen/completion-zsh.c: contrib/completion/_prio.in \
    $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed prio_completion_zsh <$< >$@
$(BUILD)/gen/completion-fish.c: contrib/completion/prio.fish.in \
    $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed prio_completion_fish <$< >$@
$(BUILD)/gen/completion-%.o: $(BUILD)/gen/completion-%.c
	$(CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/completion/prio.bash: $(PRIO)
	@mkdir -p $(@D)
	$(PRIO) completion bash >$@.tmp && mv $@.tmp $@
$(BUILD)/completion/_prio: $(PRIO)
	@mkdir -p $(@D)
	$(PRIO) completion zsh >$@.tmp && mv $@.tmp $@
$(BUILD)/completion/prio.fish: $(PRIO)
	@mkdir -p $(@D)
	$(PRIO) completion fish >$@.tmp && mv $@.tmp $@

# prio serve's page (src/cli/serve_assets/: HTML, CSS, JS, no build
# step) is compiled in through tools/embed, one C array a file, so the
# page works offline and from wherever prio is installed.
SERVE_ASSETS = index.html app.css app.js
SERVE_OBJ = $(SERVE_ASSETS:%=$(BUILD)/gen/serve-%.o)
$(BUILD)/gen/serve-%.c: src/cli/serve_assets/% $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed prio_serve_$(subst .,_,$*) <$< >$@
$(BUILD)/gen/serve-%.o: $(BUILD)/gen/serve-%.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(PRIO): $(CLI_OBJ) $(REPORT_OBJ) $(HOOK_OBJ) $(COMPLETION_OBJ) $(SERVE_OBJ) \
    $(LIBPRIO) $(LINK_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(REPORT_OBJ) $(HOOK_OBJ) \
	    $(COMPLETION_OBJ) $(SERVE_OBJ) $(LIBPRIO) $(LINK_OBJ) $(LDLIBS)

$(BUILD)/tests/t-%: $(BUILD)/tests/unit/t-%.o $(LIBPRIO) $(LINK_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBPRIO) $(LINK_OBJ) $(LDLIBS)

$(BUILD)/tests/t-fuzz-%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o \
    $(LIBPRIO) $(LINK_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# libFuzzer: `make fuzz FUZZ_SECONDS=n` builds build-fuzz/ with clang and
# runs every target for n seconds, one after another (fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) FUZZ=1 BUILD=build-fuzz fuzz-run
fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz-%)
	sh fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
$(BUILD)/fuzz/fuzz-%: $(BUILD)/fuzz/fuzz_%.o $(LIBPRIO) $(LINK_OBJ)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# Tests find the binaries through these variables, so the sanitizer
# build is tested with exactly the same scripts.  --failures --comments:
# a failing check shows its diagnostics in CI's log.
check: all npm-deps
	PRIO=$(abspath $(PRIO)) PRIO_UNIT_DIR=$(abspath $(BUILD)/tests) \
	PRIO_SRC=$(abspath .) PRIO_LINK=$(LINK) \
	PRIO_MAKE_ARGS="BUILD=$(BUILD) SANITIZE=$(SANITIZE) LINK=$(LINK)" \
	prove -j2 --timer --failures --comments tests/run-unit.t tests/cli/*.t

# prio report rendered in headless Chromium (Debian's chromium, and
# python3): screenshots and the DOM.  .ci/run runs it; check does not.
check-browser: $(PRIO) npm-deps
	PRIO=$(abspath $(PRIO)) PRIO_SRC=$(abspath .) \
	prove --timer tests/browser/*.t

# The CLI tests again with prio under valgrind's memcheck: any memory
# error or leak fails (tests/valgrind/prio, report.sh).  Valgrind is
# slow: the tests' own time limits are raised.  A few tests see the
# wrapper rather than prio (the path a hook records, the binary that
# owns a cache), and valgrind reports a program that cannot be executed
# as exit status 127 where glibc's posix_spawn returns the error (t0625's
# hook that cannot run, and one without "#!"): their failures are
# listed, and `make check` is where they count.
check-valgrind: all
	rm -rf $(BUILD)/valgrind && mkdir -p $(BUILD)/valgrind
	PRIO_TEST_TIMEOUT=600 \
	PRIO=$(abspath tests/valgrind/prio) PRIO_VALGRIND_REAL=$(abspath $(PRIO)) \
	PRIO_VALGRIND_LOGS=$(abspath $(BUILD)/valgrind) \
	PRIO_UNIT_DIR=$(abspath $(BUILD)/tests) PRIO_SRC=$(abspath .) \
	PRIO_LINK=$(LINK) PRIO_MAKE_ARGS="BUILD=$(BUILD) LINK=$(LINK)" \
	prove -j2 --timer tests/cli/*.t || \
	echo "check-valgrind: tests failed under the wrapper; memory check follows"
	sh tests/valgrind/report.sh $(BUILD)/valgrind

BENCH_BIN = $(BUILD)/bench/gen $(BUILD)/bench/readfloor $(BUILD)/bench/measure \
            $(BUILD)/bench/libgit2floor
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<
# Linked as prio is, with what prio links in (src/link/no_remote.c): the
# floor pays for starting no more than prio does.
$(BUILD)/bench/libgit2floor: bench/libgit2floor.c $(LINK_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LINK_OBJ) $(LDLIBS)

bench: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/run.sh
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/move.sh
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/hook.sh
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/move-hooks.sh
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/mcp.sh
# prio mcp alone (issue 17): list on a running server, 1,000 shows.
bench-mcp: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/mcp.sh
bench-history: $(PRIO) $(BENCH_BIN); PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) sh bench/log.sh
bench-stats: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/stats.sh
bench-diff: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/diff.sh
# prio serve at 10,000 stories: first data and a reorder's round trip.
bench-serve: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/serve.sh
# prio side by side with Backlog.md (installed from npm into bench/out):
# list, check and log (peer.sh), then a move in a Backlog.md project
# (peer-write.sh, which bench-peer-write runs alone).
bench-peer: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/peer.sh
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/peer-write.sh
# A move in a Backlog.md project, prio against Backlog.md's CLI.
bench-peer-write: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/peer-write.sh

# Hardening (issue 7).  bench-crash: SIGKILL move and rerank at random
# moments, CRASH_RUNS times on 2,000 stories, and check the repository
# each time (bench/crash.sh).  bench-stress: big and many (bench/stress.sh).
CRASH_RUNS ?= 200
bench-crash: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/crash.sh $(CRASH_RUNS) 2000
bench-stress: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/stress.sh

# What a fresh Debian or Ubuntu machine lacks to build and test prio
# (as root, or through sudo): the README's first command runs it.
deps:
	sh tools/deps.sh

# The real peers from npm that tests run against (tests/npm/package.json):
# installed once into tests/npm/node_modules, a no-op after that.
npm-deps:
	sh tools/npm-deps.sh

# The bundled example backlog, in a scratch repository of its own.
DEMO = $(BUILD)/demo
demo: $(PRIO)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	cp -R examples/backlog $(DEMO)/backlog
	cd $(DEMO) && git init -q && git add -A && \
	  git -c user.name=prio -c user.email=prio@example.com \
	    commit -qm "Example backlog"
	$(PRIO) -C $(DEMO) list
	$(PRIO) -C $(DEMO) rank --by score
	$(PRIO) -C $(DEMO) check
	@echo
	@echo "Try: $(PRIO) -C $(DEMO) show S-3"

# git-prio.1 is prio.1 under the name `git help prio` and `git prio
# --help` ask man for, a link as git-prio is (a link rather than a
# ".so" page: every man reads it, and Debian policy prefers it).
install: $(PRIO) $(MAN_OUT) $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/prio/templates
	install -m 755 $(PRIO) $(DESTDIR)$(PREFIX)/bin/prio
	ln -sf prio $(DESTDIR)$(PREFIX)/bin/git-prio
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/prio/templates/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(MAN_OUT) $(DESTDIR)$(PREFIX)/share/man/man1/
	ln -sf prio.1 $(DESTDIR)$(PREFIX)/share/man/man1/git-prio.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 644 $(BUILD)/completion/prio.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/prio
	install -m 644 $(BUILD)/completion/_prio \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_prio
	install -m 644 $(BUILD)/completion/prio.fish \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/prio.fish
	install -m 644 contrib/completion/git-prio.fish \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/git-prio.fish

clean:
	rm -rf build build-san build-clang build-fuzz

.PHONY: fuzz fuzz-run check-valgrind bench-crash bench-stress
.PHONY: all check bench bench-mcp bench-history bench-diff bench-peer bench-peer-write demo install clean
.PHONY: check-browser bench-stats deps npm-deps bench-serve
.SECONDARY:
