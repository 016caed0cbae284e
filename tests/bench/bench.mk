# Host benchmark (-O2, no sanitizers): handoff validation and seed
# derivation over a 2,000-entry memory map. Wall time per entry (best of
# several runs) and, when valgrind is installed, callgrind's deterministic
# instruction count per entry.
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

.PHONY: bench-host
bench-host: build/bench/bench_seed
	build/bench/bench_seed
ifneq ($(shell command -v valgrind 2>/dev/null),)
	$(call bench_callgrind,handoff validate,validate,erix_handoff_validate)
	$(call bench_callgrind,seed derivation,seed,seed_reservations seed_derive)
else
	@echo "bench: valgrind not installed, instruction counts skipped"
endif
