# smallrun - one GNU Makefile.
#
#   make            build build/smallrun
#   make run        build and start on the embedded SQLite default
#   make test       build and pass every test (unit, API, sanitizers,
#                   browser, fuzz smoke)
#   make fuzz       run the fuzz drivers for longer (FUZZ_SECONDS)
#   make bench      run the benchmarks (writes into bench/out/)
#   make install    PREFIX=/usr/local DESTDIR=
#
# `make V=1` shows the commands; a config.mak beside this file may override
# any variable (CC, CFLAGS, PREFIX …).

-include config.mak

VERSION := $(shell sed -n 's/^\#define SR_VERSION "\(.*\)"/\1/p' include/smallrun/version.h)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
BUILD ?= build
LISTEN ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Wwrite-strings -Wformat-security -Wshadow -Wpointer-arith
ifeq ($(CI),true)
WARNINGS += -Werror
endif
PKGS := jansson sqlite3 libpq libmicrohttpd libsodium libqrencode cairo pangocairo
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS := -std=c17 $(WARNINGS) $(CFLAGS) -Iinclude -Ilib -Iserver -Icli \
	-I$(BUILD)/gen $(PKG_CFLAGS) -MMD -MP
# zint ships no pkg-config file on Debian 12: linked by name.
LIBS := $(PKG_LIBS) -lzint -lpthread -lm

# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer.
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
ALL_CFLAGS += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
endif

ifneq ($(V),1)
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
else
say =
endif

LIB_SRC := $(sort $(wildcard lib/*.c))
SRV_SRC := $(sort $(wildcard server/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
UI_FILES := $(sort $(shell find ui -type f ! -name '.*'))
SQL_FILES := $(sort $(wildcard sql/*.sql))
PG_SQL_FILES := $(sort $(wildcard sql/pg/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
API_SRC := $(sort $(wildcard tests/api/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/sql-data.o \
	$(BUILD)/obj/gen/sql-pg-data.o
APP_OBJ := $(SRV_SRC:%.c=$(BUILD)/obj/%.o) $(CLI_SRC:%.c=$(BUILD)/obj/%.o) \
	$(BUILD)/obj/gen/assets-data.o
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
API_OBJ := $(API_SRC:%.c=$(BUILD)/obj/%.o)

LIBSMALLRUN := $(BUILD)/libsmallrun.a
SMALLRUN := $(BUILD)/smallrun
UNIT_TESTS := $(BUILD)/unit-tests
API_TESTS := $(BUILD)/api-tests
EMBED := $(BUILD)/embed

.PHONY: all run test unit api san browser fuzz fuzz-smoke bench deps \
	deps-test deps-bench install uninstall clean format check-format
.DELETE_ON_ERROR:

all: $(SMALLRUN)

$(BUILD)/obj/%.o: %.c
	$(call say,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	$(call say,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

# The embed tool runs at build time on the build machine: no sanitizers.
$(EMBED): scripts/embed.c
	$(call say,HOSTCC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c17 $(WARNINGS) -O2 -o $@ $<

$(BUILD)/gen/assets-data.c: $(UI_FILES) $(EMBED)
	$(call say,EMBED,ui/)
	@mkdir -p $(@D)
	$(Q)$(EMBED) $@ sr_assets ui $(UI_FILES)

$(BUILD)/gen/sql-data.c: $(SQL_FILES) $(EMBED)
	$(call say,EMBED,sql/)
	@mkdir -p $(@D)
	$(Q)$(EMBED) $@ sr_migrations sql $(SQL_FILES)

$(BUILD)/gen/sql-pg-data.c: $(PG_SQL_FILES) $(EMBED)
	$(call say,EMBED,sql/pg/)
	@mkdir -p $(@D)
	$(Q)$(EMBED) $@ sr_pg_migrations sql/pg $(PG_SQL_FILES)

$(LIBSMALLRUN): $(LIB_OBJ)
	$(call say,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(SMALLRUN): $(APP_OBJ) $(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIBSMALLRUN) $(LIBS)

# The front ends' pure modules that unit tests call directly.
UNIT_FRONT_OBJ := $(BUILD)/obj/server/edge.o $(BUILD)/obj/server/credential.o \
	$(BUILD)/obj/server/addresses.o
$(UNIT_TESTS): $(UNIT_OBJ) $(UNIT_FRONT_OBJ) $(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(UNIT_FRONT_OBJ) $(LIBSMALLRUN) $(LIBS) -lcriterion

# The server's objects too: the route matrix (test-auth.c) reads the
# route table itself, so no route is left out.
# The unit tests' store fixture too: the harness's PostgreSQL databases.
API_FRONT_OBJ := $(SRV_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/assets-data.o \
	$(BUILD)/obj/tests/unit/store-fixture.o
$(API_TESTS): $(API_OBJ) $(API_FRONT_OBJ) $(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(API_OBJ) $(API_FRONT_OBJ) $(LIBSMALLRUN) \
		$(LIBS) -lcriterion

deps:
	$(Q)scripts/deps.sh build
deps-test:
	$(Q)scripts/deps.sh test
deps-bench:
	$(Q)scripts/deps.sh bench

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./$(SMALLRUN) serve --listen $(LISTEN)

# The whole suite, as CI runs it.
test: deps-test
	$(Q)$(MAKE) --no-print-directory unit api test-sequence-cli
	$(Q)$(MAKE) --no-print-directory san
	$(Q)$(MAKE) --no-print-directory browser
	$(Q)$(MAKE) --no-print-directory fuzz-smoke
	@echo "make test: every suite passed"

# The store suites run twice: on SQLite, then on a PostgreSQL server of
# their own (tests/pg-run.sh starts it and stops it afterwards).
PG_UNIT_SUITES := @(db|store_pg|records|rules|timer|trace|accounts|demo|recipe|workshops|goods_in|to_buy|ingredients|consume|quote|invoice)/*
unit: $(UNIT_TESTS)
	$(call say,TEST,unit)
	$(Q)tests/pg-run.sh sh -c '$(UNIT_TESTS) --jobs=2 && \
		SMALLRUN_TEST_STORE=pg $(UNIT_TESTS) --jobs=2 \
		--filter "$(PG_UNIT_SUITES)"'

# And a subset of the API suites again on a server on PostgreSQL.
PG_API_SUITES := @(records|sell|recipe|plan|sales_import|sales_preview|bulk|consistency|economics|promise|recall|retire|demo|forecast_history|bounds|data_routes|tenants|goods_in|to_buy|labels|consume|quotes|invoices)/*
api: $(API_TESTS) $(SMALLRUN)
	$(call say,TEST,api)
	$(Q)SMALLRUN_BIN=$(SMALLRUN) tests/pg-run.sh sh -c \
		'$(API_TESTS) --jobs=2 && SMALLRUN_TEST_STORE=pg \
		$(API_TESTS) --jobs=2 --filter "$(PG_API_SUITES)"'

# The unit and API suites again under ASan and UBSan, in their own tree.
san:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 unit api

browser: $(SMALLRUN)
	$(call say,TEST,browser)
	$(Q)cd tests/browser && { [ -d node_modules ] && npm ls --silent >/dev/null 2>&1 || npm ci --no-audit --no-fund --loglevel=error; }
	$(Q)SMALLRUN_BIN=$(CURDIR)/$(SMALLRUN) node --test --test-concurrency=2 tests/browser/

# libFuzzer drivers: built with clang, run briefly by `make test` and for
# FUZZ_SECONDS each by `make fuzz`.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_FLAGS := -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
	-Iinclude -Ilib $(PKG_CFLAGS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(BUILD)/gen/sql-data.c \
		$(BUILD)/gen/sql-pg-data.c
	$(call say,FUZZ,$@)
	@mkdir -p $(@D)
	$(Q)clang $(FUZZ_FLAGS) -I$(BUILD)/gen -o $@ $< $(LIB_SRC) \
		$(FUZZ_APP) $(BUILD)/gen/sql-data.c $(BUILD)/gen/sql-pg-data.c \
		$(LIBS)

# The command line's driver links cli/ too, all but main.c (main() only),
# with server/ and the web app that the command table's `serve` needs.
FUZZ_CLI_SRC := $(filter-out cli/main.c,$(CLI_SRC)) $(SRV_SRC) \
	$(BUILD)/gen/assets-data.c
$(BUILD)/fuzz/fuzz-cli-args: FUZZ_APP = -Icli -Iserver $(FUZZ_CLI_SRC)
$(BUILD)/fuzz/fuzz-cli-args: $(FUZZ_CLI_SRC)

# The records' drivers share one seeded store (tests/fuzz/seeded.c).
FUZZ_SEEDED := $(BUILD)/fuzz/fuzz-bulk $(BUILD)/fuzz/fuzz-receive \
	$(BUILD)/fuzz/fuzz-done $(BUILD)/fuzz/fuzz-quote \
	$(BUILD)/fuzz/fuzz-invoice
$(FUZZ_SEEDED): FUZZ_APP = tests/fuzz/seeded.c
$(FUZZ_SEEDED): tests/fuzz/seeded.c tests/fuzz/seeded.h

$(BUILD)/fuzz/fuzz-edge: FUZZ_APP = -Iserver server/edge.c
$(BUILD)/fuzz/fuzz-edge: server/edge.c
$(BUILD)/fuzz/fuzz-credential: FUZZ_APP = -Iserver server/credential.c
$(BUILD)/fuzz/fuzz-credential: server/credential.c

$(BUILD)/fuzz/fuzz-form: FUZZ_APP = -Iserver server/form.c
$(BUILD)/fuzz/fuzz-form: server/form.c

fuzz-smoke: $(FUZZ_BIN)
	$(Q)for f in $(FUZZ_BIN); do \
		name=$${f##*/fuzz-}; \
		printf '  %-6s %s\n' SMOKE $$f; \
		mkdir -p $(BUILD)/fuzz/smoke-$$name; \
		$$f -runs=20000 -max_total_time=20 -max_len=4096 $(BUILD)/fuzz/smoke-$$name tests/fuzz/corpus/$$name \
			>$(BUILD)/fuzz/$$name.log 2>&1 || { tail -n 30 $(BUILD)/fuzz/$$name.log; exit 1; }; \
	done

fuzz: $(FUZZ_BIN)
	$(Q)for f in $(FUZZ_BIN); do \
		name=$${f##*/fuzz-}; mkdir -p $(BUILD)/fuzz/corpus-$$name; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			$(BUILD)/fuzz/corpus-$$name tests/fuzz/corpus/$$name || exit 1; \
	done

bench: deps-bench $(SMALLRUN)
	$(Q)bench/advice.sh

install: $(SMALLRUN) $(LIBSMALLRUN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR)/smallrun $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(SMALLRUN) $(DESTDIR)$(BINDIR)/smallrun
	install -m 644 $(LIBSMALLRUN) $(DESTDIR)$(LIBDIR)/libsmallrun.a
	install -m 644 include/smallrun/*.h $(DESTDIR)$(INCLUDEDIR)/smallrun/
	install -m 644 doc/smallrun.1 $(DESTDIR)$(MANDIR)/man1/smallrun.1
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' \
		smallrun.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/smallrun.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smallrun $(DESTDIR)$(LIBDIR)/libsmallrun.a \
		$(DESTDIR)$(MANDIR)/man1/smallrun.1 \
		$(DESTDIR)$(LIBDIR)/pkgconfig/smallrun.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/smallrun

format:
	clang-format -i $(LIB_SRC) $(SRV_SRC) $(CLI_SRC) include/smallrun/*.h \
		lib/*.h server/*.h cli/*.h

clean:
	rm -rf build

# ---- bench-sequence: the sequencing engine's benchmark (bench/sequence.c,
# results in doc/PERFORMANCE.md). `make bench-sequence` runs it all;
# BENCH_SEQ_ARGS passes options, e.g. BENCH_SEQ_ARGS='--sets wt40'.
# `make test-sequence-cli` runs tests/cli/sequence.sh on the binary.
BENCH_SEQ := $(BUILD)/bench-sequence
BENCH_SEQ_ARGS ?=

$(BENCH_SEQ): $(BUILD)/obj/bench/sequence.o $(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBSMALLRUN) $(LIBS)

.PHONY: bench-sequence test-sequence-cli
bench: bench-sequence
bench-sequence: $(BENCH_SEQ)
	$(Q)bench/sequence.sh $(BENCH_SEQ) $(BENCH_SEQ_ARGS)

test-sequence-cli: $(SMALLRUN)
	$(call say,TEST,cli/sequence)
	$(Q)tests/cli/sequence.sh $(SMALLRUN)
# ---- end bench-sequence

# ---- bench-recipe: rolling up the material cost of 1,000 products with
# recipes three levels deep (bench/recipe.c; results in doc/PERFORMANCE.md).
# BENCH_RECIPE_ARGS passes options, e.g. BENCH_RECIPE_ARGS='--repeat 3'.
BENCH_RECIPE := $(BUILD)/bench-recipe
BENCH_RECIPE_ARGS ?=

$(BENCH_RECIPE): $(BUILD)/obj/bench/recipe.o $(BUILD)/obj/bench/store-bench.o \
		$(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBSMALLRUN) $(LIBS)

.PHONY: bench-recipe
bench: bench-recipe
bench-recipe: $(BENCH_RECIPE)
	$(Q)$(BENCH_RECIPE) $(BENCH_RECIPE_ARGS)
# ---- end bench-recipe

# ---- bench-done: marking done a batch with 20 recipe lines over 50 lots
# (bench/done.c; results in doc/PERFORMANCE.md). BENCH_DONE_ARGS passes
# options, e.g. BENCH_DONE_ARGS='--repeat 5'.
BENCH_DONE := $(BUILD)/bench-done
BENCH_DONE_ARGS ?=

$(BENCH_DONE): $(BUILD)/obj/bench/done.o $(BUILD)/obj/bench/store-bench.o \
		$(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBSMALLRUN) $(LIBS)

.PHONY: bench-done
bench: bench-done
bench-done: $(BENCH_DONE)
	$(Q)$(BENCH_DONE) $(BENCH_DONE_ARGS)
# ---- end bench-done

# ---- bench-records: the records benchmark (bench/seed.c seeds a workshop,
# bench/records.sh loads the API with wrk beside the best SQL in sqlite3;
# results in doc/PERFORMANCE.md). `make bench-records` runs it;
# BENCH_SECONDS, REPEAT and BENCH_ONLY shorten it, BENCH_BEFORE=path/smallrun
# measures a second binary in the same run, interleaved, for before/after.
# `make bench-before` builds that binary from BENCH_BEFORE_REV (default
# main) in a clean export of it, into BENCH_BEFORE_DIR.
BENCH_SEED := $(BUILD)/bench-seed
BENCH_BEFORE ?=
BENCH_BEFORE_REV ?= main
BENCH_BEFORE_DIR ?= $(BUILD)/before

$(BENCH_SEED): $(BUILD)/obj/bench/seed.o $(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBSMALLRUN) $(LIBS)

.PHONY: bench-records bench-before
bench: bench-records
bench-records: deps-bench $(SMALLRUN) $(BENCH_SEED)
	$(Q)SMALLRUN_BIN=$(SMALLRUN) SMALLRUN_BIN_BEFORE=$(BENCH_BEFORE) \
		BENCH_SEED=$(BENCH_SEED) bench/records.sh

# The same benchmark on both stores: one binary on the seeded SQLite file
# and on PostgreSQL (a server of its own, tests/pg-run.sh), side by side.
.PHONY: bench-records-pg
bench: bench-records-pg
bench-records-pg: deps-bench $(SMALLRUN) $(BENCH_SEED)
	$(Q)SMALLRUN_BIN=$(SMALLRUN) BENCH_SEED=$(BENCH_SEED) BENCH_STORE=pg \
		SMALLRUN_PG_FSYNC=on tests/pg-run.sh bench/records.sh

bench-before:
	$(call say,BUILD,$(BENCH_BEFORE_DIR)/smallrun from $(BENCH_BEFORE_REV))
	$(Q)rm -rf $(BENCH_BEFORE_DIR)/src && mkdir -p $(BENCH_BEFORE_DIR)/src
	$(Q)git archive --format=tar $(BENCH_BEFORE_REV) | tar -x -C $(BENCH_BEFORE_DIR)/src
	$(Q)$(MAKE) --no-print-directory -C $(BENCH_BEFORE_DIR)/src BUILD=build build/smallrun
	$(Q)cp $(BENCH_BEFORE_DIR)/src/build/smallrun $(BENCH_BEFORE_DIR)/smallrun
	$(Q)echo "$(BENCH_BEFORE_REV) $$(git rev-parse $(BENCH_BEFORE_REV))" >$(BENCH_BEFORE_DIR)/SOURCE
	$(Q)rm -rf $(BENCH_BEFORE_DIR)/src
# ---- end bench-records

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- bench-hosted: 1,000 workshops in one PostgreSQL database, 1, 2 and 4
# servers behind nginx under a mixed load, beside one server on the
# workshop's SQLite file (bench/hosted.sh; results in doc/PERFORMANCE.md,
# "Hosted"). BENCH_WORKSHOPS, BENCH_SECONDS and REPEAT shorten it.
BENCH_HOSTED_SEED := $(BUILD)/bench-hosted-seed

$(BENCH_HOSTED_SEED): $(BUILD)/obj/bench/hosted-seed.o $(LIBSMALLRUN)
	$(call say,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBSMALLRUN) $(LIBS)

.PHONY: bench-hosted
bench: bench-hosted
bench-hosted: deps-bench $(SMALLRUN) $(BENCH_SEED) $(BENCH_HOSTED_SEED)
	$(Q)SMALLRUN_BIN=$(SMALLRUN) BENCH_SEED=$(BENCH_SEED) \
		BENCH_HOSTED_SEED=$(BENCH_HOSTED_SEED) SMALLRUN_PG_FSYNC=on \
		tests/pg-run.sh bench/hosted.sh
# ---- end bench-hosted
