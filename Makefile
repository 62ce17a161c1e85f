# prio — see README.md. `make`, `make check`, `make install PREFIX=...`,
# `make SANITIZE=1 check`, `make bench`.
PREFIX  ?= /usr/local
CC      ?= cc
PKGS     = libgit2 yaml-0.1 libcmark
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

CFLAGS  ?= -O2 -g
CFLAGS  += -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter -Iinclude $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lm -pthread

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
BUILD   ?= build

LIB_SRC  = $(wildcard src/lib/*.c)
CLI_SRC  = $(wildcard src/cli/*.c)
UNIT_SRC = $(wildcard tests/unit/t-*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBPRIO  = $(BUILD)/libprio.a
PRIO     = $(BUILD)/prio

MAN_SRC  = $(wildcard man/*.1.md)
MAN_OUT  = $(MAN_SRC:man/%.1.md=$(BUILD)/man/%.1)
MAN_DATE = 2026-11-23

all: $(PRIO) $(UNIT_BIN) $(MAN_OUT)

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

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) \
    $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)

$(LIBPRIO): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(PRIO): $(CLI_OBJ) $(LIBPRIO)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBPRIO) $(LDLIBS)

$(BUILD)/tests/t-%: $(BUILD)/tests/unit/t-%.o $(LIBPRIO)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBPRIO) $(LDLIBS)

# Tests find the binaries through these variables, so the sanitizer
# build is tested with exactly the same scripts.
check: all
	PRIO=$(abspath $(PRIO)) PRIO_UNIT_DIR=$(abspath $(BUILD)/tests) \
	PRIO_SRC=$(abspath .) PRIO_MAKE_ARGS="BUILD=$(BUILD) SANITIZE=$(SANITIZE)" \
	prove -j2 --timer tests/run-unit.t tests/cli/*.t

BENCH_BIN = $(BUILD)/bench/gen $(BUILD)/bench/readfloor $(BUILD)/bench/measure
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

bench: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/run.sh
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/move.sh
bench-history: $(PRIO) $(BENCH_BIN); PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) sh bench/log.sh
bench-diff: $(PRIO) $(BENCH_BIN)
	PRIO=$(abspath $(PRIO)) BENCH_BIN=$(abspath $(BUILD)/bench) \
	sh bench/diff.sh

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

install: $(PRIO) $(MAN_OUT)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/prio/templates
	install -m 755 $(PRIO) $(DESTDIR)$(PREFIX)/bin/prio
	ln -sf prio $(DESTDIR)$(PREFIX)/bin/git-prio
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/prio/templates/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(MAN_OUT) $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build build-san build-clang

.PHONY: all check bench bench-history bench-diff demo install clean
.SECONDARY:
