# EriX-C build. Every output goes under build/. `make help` lists targets.
#
# A *variant* is one consistent set of kernel features, loader test flags and
# rootd test flags, built into build/v/$(VARIANT)/. The top-level targets
# (all, image, run, test, ...) call this Makefile again per variant.

SHELL := /bin/bash
.DEFAULT_GOAL := all

# ---------------------------------------------------------------- tools
CROSS ?=
CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
SIZE := $(CROSS)size
CPP := $(CROSS)cpp
HOSTCC ?= gcc
CLANG ?= clang
PYTHON ?= /usr/bin/python3

# -------------------------------------------------------------- variant
VARIANT ?= runtime
FEATURES ?= kernel-rootd-runtime
BL_CORRUPT ?=
ROOTD_TEST ?=
O := build/v/$(VARIANT)

KNOWN_FEATURES := kernel-rootd-runtime kernel-rootd-smoke-test kernel-runtime-image \
	kernel-selftest-exceptions kernel-selftest-sched kernel-test-root-endpoint kernel-bench
UNIMPLEMENTED_FEATURES := kernel-dev-console
$(foreach f,$(FEATURES),$(if $(filter $(f),$(UNIMPLEMENTED_FEATURES)),\
	$(error feature '$(f)' is defined by the design but not implemented yet)))
$(foreach f,$(FEATURES),$(if $(filter $(f),$(KNOWN_FEATURES)),,\
	$(error unknown feature '$(f)'; known: $(KNOWN_FEATURES))))

FEATURE_DEFS := -DERIX_FEATURE_ROOTD_RUNTIME=1
FEATURE_DEFS += $(if $(filter kernel-rootd-smoke-test,$(FEATURES)),-DERIX_FEATURE_DEBUG_EXIT=1)
FEATURE_DEFS += $(if $(filter kernel-runtime-image,$(FEATURES)),-DERIX_FEATURE_RUNTIME_IMAGE=1)
FEATURE_DEFS += $(if $(filter kernel-selftest-exceptions,$(FEATURES)),-DERIX_FEATURE_SELFTEST_EXCEPTIONS=1)
FEATURE_DEFS += $(if $(filter kernel-selftest-sched,$(FEATURES)),-DERIX_FEATURE_SELFTEST_SCHED=1)
FEATURE_DEFS += $(if $(filter kernel-test-root-endpoint,$(FEATURES)),-DERIX_FEATURE_TEST_ROOT=1)
FEATURE_DEFS += $(if $(filter kernel-bench,$(FEATURES)),-DERIX_FEATURE_BENCH=1)
ifneq ($(filter kernel-rootd-smoke-test,$(FEATURES)),)
ifneq ($(filter kernel-runtime-image,$(FEATURES)),)
$(error kernel-rootd-smoke-test and kernel-runtime-image exclude each other)
endif
endif

# --------------------------------------------------------------- flags
WARN := -Wall -Wextra -Werror
COMMON_CFLAGS := -std=gnu11 $(WARN) -O2 -g -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -ffile-prefix-map=$(CURDIR)=. \
	-Iinclude -Ishared -MMD -MP

KERNEL_CFLAGS := $(COMMON_CFLAGS) -nostdlib -fno-pie -fno-pic -mno-red-zone -mcmodel=kernel \
	-mgeneral-regs-only -fno-builtin -Ikernel $(FEATURE_DEFS)
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
	-Wl,-z,noexecstack -Wl,-n

USER_CFLAGS := $(COMMON_CFLAGS) -nostdlib -fno-pie -fno-pic -mno-red-zone -mgeneral-regs-only \
	-fno-builtin -Iuser/lib $(if $(ROOTD_TEST),-DROOTD_TEST_$(shell echo $(ROOTD_TEST) | tr a-z- A-Z_)=1)
USER_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
	-Wl,-z,noexecstack -Wl,-Ttext-segment=0x400000

EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
BL_CFLAGS := $(COMMON_CFLAGS) -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Ibl -fpic -fshort-wchar \
	-mno-red-zone -mgeneral-regs-only -DGNU_EFI_USE_MS_ABI -maccumulate-outgoing-args \
	$(if $(BL_CORRUPT),-DERIX_BL_CORRUPT=ERIX_HANDOFF_ERR_$(BL_CORRUPT))
BL_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc --build-id=none \
	-T $(EFI_LIB)/elf_x86_64_efi.lds -L$(EFI_LIB)

HOST_CFLAGS := -std=gnu11 $(WARN) -O1 -g -Iinclude -Ishared -Ikernel -MMD -MP \
	-fsanitize=address,undefined -fno-sanitize-recover=all -DERIX_HOST_TEST=1
FUZZ_CFLAGS := -std=gnu11 $(WARN) -O1 -g -Iinclude -Ishared -Ikernel \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DERIX_HOST_TEST=1

# ------------------------------------------------------------- sources
SHARED_SRCS := $(wildcard shared/handoff/*.c shared/elf/*.c)
KERNEL_SRCS := $(wildcard kernel/*.c kernel/arch/x86_64/*.c) $(SHARED_SRCS)
KERNEL_ASMS := $(wildcard kernel/arch/x86_64/*.S)
BL_SRCS := $(wildcard bl/*.c) $(SHARED_SRCS)
USER_LIB_SRCS := $(wildcard user/lib/*.c)
USER_LIB_ASMS := $(wildcard user/lib/*.S)
ROOTD_SRCS := $(wildcard user/rootd/*.c)
# Kernel files with no arch dependency that the host tests link against.
HOST_KERNEL_SRCS := $(wildcard kernel/seed.c)
HOST_LIB_SRCS := $(SHARED_SRCS) $(HOST_KERNEL_SRCS)

KERNEL_OBJS := $(patsubst %.c,$(O)/kernel-obj/%.o,$(KERNEL_SRCS)) \
	$(patsubst %.S,$(O)/kernel-obj/%.o,$(KERNEL_ASMS))
BL_OBJS := $(patsubst %.c,$(O)/bl-obj/%.o,$(BL_SRCS))
ROOTD_OBJS := $(patsubst %.c,$(O)/user-obj/%.o,$(USER_LIB_SRCS) $(ROOTD_SRCS)) \
	$(patsubst %.S,$(O)/user-obj/%.o,$(USER_LIB_ASMS))

# ------------------------------------------------------ variant outputs
.PHONY: variant
variant: $(O)/kernel.elf $(O)/BOOTX64.EFI $(O)/rootd.elf

$(O)/kernel-obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(O)/kernel-obj/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(O)/linker.ld: linker.ld include/erix/layout.h
	@mkdir -p $(@D)
	$(CPP) -P -undef -Iinclude $< -o $@
$(O)/kernel.elf: $(KERNEL_OBJS) $(O)/linker.ld
	$(CC) $(KERNEL_LDFLAGS) -Wl,-T,$(O)/linker.ld -o $@ $(KERNEL_OBJS)

$(O)/bl-obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BL_CFLAGS) -c $< -o $@
$(O)/bl.so: $(BL_OBJS)
	$(LD) $(BL_LDFLAGS) $(EFI_LIB)/crt0-efi-x86_64.o $(BL_OBJS) -o $@ -lefi -lgnuefi
$(O)/BOOTX64.EFI: $(O)/bl.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j '.rel.*' -j '.rela.*' -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

$(O)/user-obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(O)/user-obj/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(O)/rootd.elf: $(ROOTD_OBJS)
	$(CC) $(USER_LDFLAGS) -o $@ $(ROOTD_OBJS)

# ------------------------------------------------------ host unit tests
UNIT_TESTS := $(patsubst tests/unit/%.c,build/host/%,$(wildcard tests/unit/test_*.c))
HOST_LIB_OBJS := $(patsubst %.c,build/host/obj/%.o,$(HOST_LIB_SRCS))
UNIT_HELPERS := $(patsubst %.c,build/host/obj/%.o,$(filter-out tests/unit/test_%,$(wildcard tests/unit/*.c)))

build/host/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@
build/host/test_%: build/host/obj/tests/unit/test_%.o $(HOST_LIB_OBJS) $(UNIT_HELPERS)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ -lcmocka

.PHONY: unit
unit: $(UNIT_TESTS)
	@pass=0; fail=0; for t in $(UNIT_TESTS); do \
		if $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

-include $(shell find build -name '*.d' 2>/dev/null)

# Fragments owned by their folders.
include image/image.mk tests/boot/boot.mk tests/fuzz/fuzz.mk tests/bench/bench.mk
