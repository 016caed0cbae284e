# Host benchmark (-O2, no sanitizers): handoff validation and seed
# derivation over a 2,000-entry memory map, and SHA-256 (bl's digest of
# every file it loads) per MiB. Wall time (best of several runs) and, when
# valgrind is installed, callgrind's deterministic instruction count.
#   make bench-host

BENCH_ENTRIES := 2000
BENCH_SRCS := tests/bench/bench_seed.c tests/unit/handoff_fixture.c shared/handoff/crc32c.c \
	shared/handoff/builder.c shared/handoff/validate.c kernel/seed.c

build/bench/bench_seed: $(BENCH_SRCS)
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 $(WARN) -O2 -g -Iinclude -Ishared -Ikernel -o $@ $(BENCH_SRCS)

# $(1): label, $(2): mode of `bench_seed once`, $(3): functions to count.
define bench_callgrind
	@valgrind --tool=callgrind --callgrind-out-file=build/bench/callgrind.$(2) \
		$(foreach fn,$(3),--toggle-collect=$(fn)) build/bench/bench_seed once $(2) \
		>/dev/null 2>&1 || { echo "bench: callgrind $(2) failed"; exit 1; }
	@awk -v label="$(1)" -v n=$(BENCH_ENTRIES) '/^(summary|totals):/ { ir = $$2 } \
		END { printf "bench: %-22s %9d instr total  %6.1f instr/entry (callgrind)\n", \
		label, ir, ir / n }' build/bench/callgrind.$(2)
endef

build/bench/bench_sha256: tests/bench/bench_sha256.c shared/crypto/sha256.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 $(WARN) -O2 -g -Iinclude -Ishared -o $@ $^

.PHONY: bench-host
bench-host: build/bench/bench_seed build/bench/bench_sha256
	build/bench/bench_seed
	build/bench/bench_sha256
ifneq ($(shell command -v valgrind 2>/dev/null),)
	$(call bench_callgrind,handoff validate,validate,erix_handoff_validate)
	$(call bench_callgrind,seed derivation,seed,seed_reservations seed_derive)
	@valgrind --tool=callgrind --callgrind-out-file=build/bench/callgrind.sha256 \
		--toggle-collect=erix_sha256 build/bench/bench_sha256 once >/dev/null 2>&1 || \
		{ echo "bench: callgrind sha256 failed"; exit 1; }
	@awk '/^(summary|totals):/ { ir = $$2 } END { printf "bench: %-22s %9d instr/MiB  %6.1f instr/byte (callgrind)\n", \
		"sha256", ir, ir / 1048576 }' build/bench/callgrind.sha256
else
	@echo "bench: valgrind not installed, instruction counts skipped"
endif
