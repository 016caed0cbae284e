# Fuzzing (libFuzzer, clang): one target per parser, each with a committed
# seed corpus in tests/fuzz/corpus/<target>/. Runs work on a copy of the
# corpus under build/fuzz/, never on the committed files.
#   make fuzz           each target for FUZZ_SECONDS (default 300)
#   make fuzz-smoke     all targets, FUZZ_SMOKE_SECONDS each (part of `make test`)
# The bl_config corpus is written by hand (BOOT.CFG text); fuzz-corpus
# regenerates the binary ones.
#   make fuzz-corpus    regenerate the committed seed corpora

FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TARGETS := handoff_validate elf64 bl_config bootinfo_validate kcaps acpi ipc
FUZZ_LIB_SRCS := shared/handoff/crc32c.c shared/handoff/builder.c shared/handoff/validate.c \
	shared/elf/elf64.c shared/crypto/sha256.c bl/bootcfg.c shared/bootinfo/builder.c \
	shared/bootinfo/validate.c
FUZZ_BINS := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))
# Each target is one compiler run over its sources: every header they may
# include is a prerequisite, so an inline change rebuilds them.
FUZZ_HDRS := $(wildcard include/erix/*.h shared/*/*.h kernel/*.h kernel/arch/x86_64/*.h \
	tests/host/*.h bl/*.h)
FUZZ_MAX_LEN := 65536

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -iquote bl -o $@ $< $(FUZZ_LIB_SRCS)

# The kernel's cap and process code over the host arch layer (Makefile).
build/fuzz/fuzz_kcaps: tests/fuzz/fuzz_kcaps.c $(HOST_KCAPS_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -DERIX_HOST=1 -iquote tests/host -o $@ $< $(HOST_KCAPS_SRCS)

# The kernel's ACPI walk and window check (pure, no arch dependency).
build/fuzz/fuzz_acpi: tests/fuzz/fuzz_acpi.c kernel/acpi.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $< kernel/acpi.c

# IPC and cap transfer over the same host build, with kernel/fastpath.c
# compiled under other names: fuzz_ipc.c's fastpath_call,
# fastpath_reply_recv and fastpath_reply_recv_slot switch it on and off per step (off is what
# kernel-no-fastpath builds have), and its fallback to the general path
# is counted (fastpath_fell_back).
FUZZ_IPC_SRCS := $(filter-out kernel/fastpath.c,$(HOST_KCAPS_SRCS))
build/fuzz/ipc-fastpath.o: kernel/fastpath.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -DERIX_HOST=1 -iquote tests/host -Dfastpath_call=fastpath_call_kernel \
		-Dfastpath_reply_recv=fastpath_reply_recv_kernel \
		-Dfastpath_reply_recv_slot=fastpath_reply_recv_slot_kernel \
		-Dsyscall_general=fastpath_fell_back \
		-c -o $@ $<
build/fuzz/fuzz_ipc: tests/fuzz/fuzz_ipc.c $(FUZZ_IPC_SRCS) build/fuzz/ipc-fastpath.o $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -DERIX_HOST=1 -iquote tests/host -o $@ $< $(FUZZ_IPC_SRCS) \
		build/fuzz/ipc-fastpath.o

# $(1): seconds per target. A crash, sanitizer report or timeout makes
# libFuzzer exit non-zero; the log and the crashing input stay in build/fuzz/.
define fuzz_run
	@pass=0; fail=0; for t in $(FUZZ_TARGETS); do \
		rm -rf build/fuzz/corpus-$$t build/fuzz/artifacts-$$t; \
		mkdir -p build/fuzz/artifacts-$$t; \
		cp -r tests/fuzz/corpus/$$t build/fuzz/corpus-$$t; \
		echo "fuzz: $$t for $(1) s"; \
		if build/fuzz/fuzz_$$t -max_total_time=$(1) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/artifacts-$$t/ build/fuzz/corpus-$$t \
			>build/fuzz/$$t.log 2>&1; then \
			pass=$$((pass+1)); grep -E '^stat::number_of_executed_units' build/fuzz/$$t.log; \
		else \
			fail=$$((fail+1)); echo "FAILED: $$t (build/fuzz/$$t.log)"; \
			tail -n 30 build/fuzz/$$t.log; \
		fi; \
	done; echo "fuzz: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]
endef

.PHONY: fuzz fuzz-smoke fuzz-corpus
fuzz: $(FUZZ_BINS)
	$(call fuzz_run,$(FUZZ_SECONDS))

fuzz-smoke: $(FUZZ_BINS)
	$(call fuzz_run,$(FUZZ_SMOKE_SECONDS))

build/fuzz/make_corpus: tests/fuzz/make_corpus.c tests/unit/handoff_fixture.c \
		tests/unit/elf_fixture.c tests/unit/bootinfo_fixture.c $(FUZZ_LIB_SRCS)
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 $(WARN) -O1 -Iinclude -Ishared -o $@ $^

fuzz-corpus: build/fuzz/make_corpus
	mkdir -p $(patsubst %,tests/fuzz/corpus/%,$(filter-out bl_config,$(FUZZ_TARGETS)))
	build/fuzz/make_corpus tests/fuzz/corpus
