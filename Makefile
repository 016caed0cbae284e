# EriX-C build. Every output goes under build/. `make help` lists targets.
#
# A *variant* is one consistent set of kernel features, loader test flags and
# rootd test flags, built into build/v/$(VARIANT)/. The top-level targets
# (all, image, run, test, ...) call this Makefile again per variant.

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
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
BL_QUIRK ?=
ROOTD_TEST ?=
O := build/v/$(VARIANT)

# Loader test builds that imitate a firmware quirk (bl/README.md).
KNOWN_BL_QUIRKS := map-grows map-overflows fragment-map high-mmio high-ram fb-reserved \
	acpi-reserved tpm-fails
$(if $(filter-out $(KNOWN_BL_QUIRKS),$(BL_QUIRK)),$(error unknown BL_QUIRK '$(BL_QUIRK)'; known: $(KNOWN_BL_QUIRKS)))
$(if $(word 2,$(BL_QUIRK)),$(error BL_QUIRK takes one quirk))
# map-grows -> ERIX_BL_QUIRK_MAP_GROWS, and the name bl prints: MAP_GROWS
BL_QUIRK_ID := $(if $(BL_QUIRK),$(shell echo $(BL_QUIRK) | tr a-z- A-Z_))

KNOWN_FEATURES := kernel-rootd-runtime kernel-rootd-smoke-test kernel-runtime-image \
	kernel-dev-console kernel-release kernel-selftest-exceptions kernel-selftest-sched \
	kernel-selftest-stack-overflow kernel-test-root-endpoint kernel-bench kernel-no-fastpath \
	kernel-no-kpti kernel-test-absent-ap
$(foreach f,$(FEATURES),$(if $(filter $(f),$(KNOWN_FEATURES)),,\
	$(error unknown feature '$(f)'; known: $(KNOWN_FEATURES))))

FEATURE_DEFS := -DERIX_FEATURE_ROOTD_RUNTIME=1
FEATURE_DEFS += $(if $(filter kernel-rootd-smoke-test,$(FEATURES)),-DERIX_FEATURE_DEBUG_EXIT=1)
# The deep lifecycle trace families (KTRACE, kernel/trace.h) are smoke-only.
FEATURE_DEFS += $(if $(filter kernel-rootd-smoke-test,$(FEATURES)),-DERIX_FEATURE_SMOKE_TRACE=1)
FEATURE_DEFS += $(if $(filter kernel-dev-console,$(FEATURES)),-DERIX_FEATURE_DEV_CONSOLE=1)
FEATURE_DEFS += $(if $(filter kernel-release,$(FEATURES)),-DERIX_FEATURE_RELEASE=1)
FEATURE_DEFS += $(if $(filter kernel-runtime-image,$(FEATURES)),-DERIX_FEATURE_RUNTIME_IMAGE=1)
FEATURE_DEFS += $(if $(filter kernel-selftest-exceptions,$(FEATURES)),-DERIX_FEATURE_SELFTEST_EXCEPTIONS=1)
FEATURE_DEFS += $(if $(filter kernel-selftest-sched,$(FEATURES)),-DERIX_FEATURE_SELFTEST_SCHED=1)
FEATURE_DEFS += $(if $(filter kernel-selftest-stack-overflow,$(FEATURES)),-DERIX_FEATURE_SELFTEST_STACK_OVERFLOW=1)
FEATURE_DEFS += $(if $(filter kernel-test-root-endpoint,$(FEATURES)),-DERIX_FEATURE_TEST_ROOT=1)
FEATURE_DEFS += $(if $(filter kernel-test-absent-ap,$(FEATURES)),-DERIX_FEATURE_TEST_ABSENT_AP=1)
FEATURE_DEFS += $(if $(filter kernel-bench,$(FEATURES)),-DERIX_FEATURE_BENCH=1)
FEATURE_DEFS += $(if $(filter kernel-no-fastpath,$(FEATURES)),-DERIX_FEATURE_NO_FASTPATH=1)
FEATURE_DEFS += $(if $(filter kernel-no-kpti,$(FEATURES)),-DERIX_FEATURE_NO_KPTI=1)
ifneq ($(filter kernel-rootd-smoke-test,$(FEATURES)),)
ifneq ($(filter kernel-runtime-image,$(FEATURES)),)
$(error kernel-rootd-smoke-test and kernel-runtime-image exclude each other)
endif
endif
# Release silences the kernel's serial and framebuffer sinks: no dev console,
# and no smoke build (its scenarios read the kernel's markers).
ifneq ($(filter kernel-release,$(FEATURES)),)
ifneq ($(filter kernel-dev-console kernel-rootd-smoke-test,$(FEATURES)),)
$(error kernel-release excludes kernel-dev-console and kernel-rootd-smoke-test)
endif
endif

# --------------------------------------------------------------- flags
WARN := -Wall -Wextra -Werror
COMMON_CFLAGS := -std=gnu11 $(WARN) -O2 -g -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -ffile-prefix-map=$(CURDIR)=. \
	-Iinclude -Ishared -MMD -MP

# One section per function and --gc-sections: code no build reaches (the
# selftests' arch half in a build without them, say) is left out.
KERNEL_CFLAGS := $(COMMON_CFLAGS) -nostdlib -fno-pie -fno-pic -mno-red-zone -mcmodel=kernel \
	-mgeneral-regs-only -fno-builtin -ffunction-sections -Ikernel $(FEATURE_DEFS)
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
	-Wl,-z,noexecstack -Wl,-n -Wl,--gc-sections

USER_CFLAGS := $(COMMON_CFLAGS) -nostdlib -fno-pie -fno-pic -mno-red-zone -mgeneral-regs-only \
	-fno-builtin -Iuser/lib -Iuser/child -Iuser/drivers \
	$(if $(ROOTD_TEST),-DROOTD_TEST_ANY=1 -DROOTD_TEST_$(shell echo $(ROOTD_TEST) | tr a-z- A-Z_)=1)
USER_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
	-Wl,-z,noexecstack -Wl,-z,noseparate-code -Wl,-Ttext-segment=0x400000
# Extra rootd link flags; the W+X negative test links text and data into one
# writable+executable segment.
comma := ,
ROOTD_LDFLAGS_EXTRA ?= $(if $(filter wx,$(ROOTD_TEST)),-Wl$(comma)--omagic)

EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
BL_CFLAGS := $(COMMON_CFLAGS) -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Ibl -fpic -fshort-wchar \
	-mno-red-zone -mgeneral-regs-only -DGNU_EFI_USE_MS_ABI -maccumulate-outgoing-args \
	$(if $(BL_CORRUPT),-DERIX_BL_CORRUPT=ERIX_HANDOFF_ERR_$(BL_CORRUPT)) \
	$(if $(BL_QUIRK),-DERIX_BL_QUIRK_$(BL_QUIRK_ID)=1 -DERIX_BL_QUIRK_NAME='"$(BL_QUIRK_ID)"')
BL_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc --build-id=none \
	-T $(EFI_LIB)/elf_x86_64_efi.lds -L$(EFI_LIB)

HOST_CFLAGS := -std=gnu11 $(WARN) -O1 -g -Iinclude -Ishared -iquote kernel -MMD -MP \
	-fsanitize=address,undefined -fno-sanitize-recover=all -DERIX_HOST_TEST=1
FUZZ_CFLAGS := -std=gnu11 $(WARN) -O1 -g -Iinclude -Ishared -iquote kernel \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DERIX_HOST_TEST=1

# ------------------------------------------------------------- sources
SHARED_SRCS := $(wildcard shared/handoff/*.c shared/elf/*.c shared/crypto/*.c)
# The kernel needs only the validators (and SHA-256's hex form for the digest
# report); the builder and map normaliser are bl's.
# The kernel -> rootd bootinfo: the kernel builds it, rootd validates it.
BOOTINFO_SRCS := $(wildcard shared/bootinfo/*.c)
KERNEL_SHARED_SRCS := shared/handoff/validate.c shared/handoff/crc32c.c shared/elf/elf64.c \
	shared/crypto/sha256.c shared/bootinfo/builder.c
KERNEL_SRCS := $(wildcard kernel/*.c kernel/arch/x86_64/*.c) $(KERNEL_SHARED_SRCS)
KERNEL_ASMS := $(wildcard kernel/arch/x86_64/*.S)
# The dev console's font: a PSF console font from Debian's console-setup-linux
# (Terminus Font, SIL OFL 1.1), turned into C by tools/psf.py at build time.
FONT_PSF ?= /usr/share/consolefonts/Lat15-Terminus16.psf.gz
FONT_C := build/gen/fbfont.c
# Every kernel has the font: the dev console draws with it, FONT_MAP hands
# it to user space.
KERNEL_SRCS += $(FONT_C)
BL_SRCS := $(wildcard bl/*.c) $(SHARED_SRCS)
USER_LIB_SRCS := $(wildcard user/lib/*.c)
USER_LIB_ASMS := $(wildcard user/lib/*.S)
ROOTD_SRCS := $(wildcard user/rootd/*.c) shared/bootinfo/validate.c shared/handoff/crc32c.c \
	shared/elf/elf64.c
CHILD_SRCS := $(wildcard user/child/*.c)
CHILD_ASMS := $(wildcard user/child/*.S)
DRIVERS_SRCS := $(wildcard user/drivers/*.c)
# Kernel files with no arch dependency that the host tests link against.
HOST_KERNEL_SRCS := $(wildcard kernel/seed.c kernel/kctl_table.c kernel/acpi.c kernel/pci.c kernel/fbcon.c)
# Loader files with no UEFI dependency (the BOOT.CFG parser, the digest rules).
HOST_BL_SRCS := $(wildcard bl/bootcfg.c bl/digest.c)
HOST_LIB_SRCS := $(SHARED_SRCS) $(BOOTINFO_SRCS) $(HOST_KERNEL_SRCS) $(HOST_BL_SRCS)
# The kernel's cap, CSpace and process code built for the host (-DERIX_HOST)
# over tests/host/arch_host.c, a stand-in for kernel/arch/x86_64: what
# test_kcaps and fuzz_kcaps link.
HOST_KCAPS_SRCS := $(addprefix kernel/,cap.c cspace.c kobj.c kmem.c endpoint.c ipc.c fastpath.c process.c tcb.c \
	sched.c vspace.c untyped.c pager.c irq.c msi.c hotplug.c fb.c devframe.c ioport.c kctl.c kctl_table.c syscall.c console.c) tests/host/arch_host.c

KERNEL_OBJS := $(patsubst %.c,$(O)/kernel-obj/%.o,$(KERNEL_SRCS)) \
	$(patsubst %.S,$(O)/kernel-obj/%.o,$(KERNEL_ASMS))
BL_OBJS := $(patsubst %.c,$(O)/bl-obj/%.o,$(BL_SRCS))
ROOTD_OBJS := $(patsubst %.c,$(O)/user-obj/%.o,$(USER_LIB_SRCS) $(ROOTD_SRCS)) \
	$(patsubst %.S,$(O)/user-obj/%.o,$(USER_LIB_ASMS))
CHILD_OBJS := $(patsubst %.c,$(O)/user-obj/%.o,$(USER_LIB_SRCS) $(CHILD_SRCS)) \
	$(patsubst %.S,$(O)/user-obj/%.o,$(USER_LIB_ASMS) $(CHILD_ASMS))
DRIVERS_OBJS := $(patsubst %.c,$(O)/user-obj/%.o,$(USER_LIB_SRCS) $(DRIVERS_SRCS)) \
	$(patsubst %.S,$(O)/user-obj/%.o,$(USER_LIB_ASMS))

# ------------------------------------------------------ variant outputs
.PHONY: variant FORCE
FORCE:
variant: $(O)/kernel.elf $(O)/BOOTX64.EFI $(O)/rootd.elf $(O)/child.elf $(O)/drivers.elf

# A variant directory may be rebuilt with other flags (FEATURES, BL_CORRUPT, BL_QUIRK,
# ROOTD_TEST): each part depends on a stamp holding its flags, rewritten only
# when they change, so a flag change rebuilds exactly that part.
define flags_stamp
	@mkdir -p $(@D); printf '%s\n' '$(1)' | cmp -s - $@ || printf '%s\n' '$(1)' > $@
endef
$(O)/kernel.flags: FORCE
	$(call flags_stamp,$(CC) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS))
$(O)/bl.flags: FORCE
	$(call flags_stamp,$(CC) $(LD) $(BL_CFLAGS) $(BL_LDFLAGS))
$(O)/user.flags: FORCE
	$(call flags_stamp,$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) $(ROOTD_LDFLAGS_EXTRA))

$(FONT_C): $(FONT_PSF) tools/psf.py
	@mkdir -p $(@D)
	$(PYTHON) tools/psf.py c $< $@
$(O)/kernel-obj/%.o: %.c $(O)/kernel.flags
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(O)/kernel-obj/%.o: %.S $(O)/kernel.flags
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(O)/linker.ld: linker.ld include/erix/layout.h
	@mkdir -p $(@D)
	$(CPP) -P -undef -Iinclude $< -o $@
$(O)/kernel.elf: $(KERNEL_OBJS) $(O)/linker.ld $(O)/kernel.flags
	$(CC) $(KERNEL_LDFLAGS) -Wl,-T,$(O)/linker.ld -o $@ $(KERNEL_OBJS)

$(O)/bl-obj/%.o: %.c $(O)/bl.flags
	@mkdir -p $(@D)
	$(CC) $(BL_CFLAGS) -c $< -o $@
$(O)/bl.so: $(BL_OBJS) $(O)/bl.flags
	$(LD) $(BL_LDFLAGS) $(EFI_LIB)/crt0-efi-x86_64.o $(BL_OBJS) -o $@ -lefi -lgnuefi
$(O)/BOOTX64.EFI: $(O)/bl.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j '.rel.*' -j '.rela.*' -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

$(O)/user-obj/%.o: %.c $(O)/user.flags
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(O)/user-obj/%.o: %.S $(O)/user.flags
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(O)/rootd.elf: $(ROOTD_OBJS) $(O)/user.flags
	$(CC) $(USER_LDFLAGS) $(ROOTD_LDFLAGS_EXTRA) -o $@ $(ROOTD_OBJS)
# rootd's test child, loaded by rootd from the "child" boot module.
$(O)/child.elf: $(CHILD_OBJS) $(O)/user.flags
	$(CC) $(USER_LDFLAGS) -o $@ $(CHILD_OBJS)
# The user-space drivers (COM1, i8042), one module rootd starts per driver.
$(O)/drivers.elf: $(DRIVERS_OBJS) $(O)/user.flags
	$(CC) $(USER_LDFLAGS) -o $@ $(DRIVERS_OBJS)

# ------------------------------------------------------ host unit tests
UNIT_TESTS := $(patsubst tests/unit/%.c,build/host/%,$(wildcard tests/unit/test_*.c))
HOST_LIB_OBJS := $(patsubst %.c,build/host/obj/%.o,$(HOST_LIB_SRCS))
UNIT_HELPERS := $(patsubst %.c,build/host/obj/%.o,$(filter-out tests/unit/test_%,$(wildcard tests/unit/*.c)))

build/host/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@
build/host/test_%: build/host/obj/tests/unit/test_%.o $(HOST_LIB_OBJS) $(UNIT_HELPERS)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ -lcmocka

HOST_KCAPS_OBJS := $(patsubst %.c,build/host/kcaps-obj/%.o,$(HOST_KCAPS_SRCS))
build/host/kcaps-obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -DERIX_HOST=1 -iquote tests/host -c $< -o $@
build/host/test_kcaps: build/host/kcaps-obj/tests/unit/test_kcaps.o $(HOST_KCAPS_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ -lcmocka

.PHONY: unit
unit: $(UNIT_TESTS)
	@pass=0; fail=0; for t in $(UNIT_TESTS); do \
		if $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# ------------------------------------------------------ top-level targets
# Packages a fresh Debian/Ubuntu machine needs for every target.
DEPS_PKGS := make gcc binutils gnu-efi ovmf qemu-system-x86 mtools gdisk python3 \
	python3-pytest python3-pytest-xdist libcmocka-dev clang valgrind util-linux \
	console-setup-linux netpbm sbsigntool openssl swtpm swtpm-tools tpm2-tools \
	python3-yaml gdb
MEM ?= 256M
SMOKE ?=
SIGNED ?=
DEV ?=
YES ?=
ALLOW_LOOP ?=

.PHONY: deps help run debug usb test bench clean

deps:
	@command -v dpkg >/dev/null || { echo "deps: not a Debian/Ubuntu system; install: $(DEPS_PKGS)"; exit 1; }; \
	missing=$$(for p in $(DEPS_PKGS); do \
		dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || echo $$p; done); \
	[ -z "$$missing" ] && exit 0; \
	missing=$$(echo $$missing); \
	echo "deps: installing $$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
		sudo -n apt-get update -q && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
		echo "deps: missing packages; run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; \
	fi

run: deps
	$(MAKE) image
	$(PYTHON) image/qemu.py --mem $(MEM) $(if $(SMOKE),$(IMG_DIR)/erix-smoke.img,$(IMG_DIR)/erix.img)

debug: deps
	$(MAKE) image
	@echo "debug: QEMU waits for gdb on :1234; in another terminal run:"
	@echo "  gdb $(SMOKE_O)/kernel.elf -ex 'target remote :1234'"
	$(PYTHON) image/qemu.py --gdb --mem $(MEM) $(IMG_DIR)/erix-smoke.img

# SIGNED=1: the Secure Boot image (make sign) instead of the unsigned one.
usb:
	@[ -n "$(DEV)" ] || { echo "usb: set DEV, e.g. make usb DEV=/dev/sdX (see lsblk)"; exit 1; }
	ALLOW_LOOP=$(ALLOW_LOOP) image/usb.sh --check "$(DEV)"
	$(MAKE) $(if $(SIGNED),sign,image)
	ALLOW_LOOP=$(ALLOW_LOOP) YES=$(YES) image/usb.sh "$(DEV)" $(IMG_DIR)/$(if $(SIGNED),erix-signed.img,erix.img)

# Every suite runs even if an earlier one failed; each prints its summary.
HAVE_FUZZ_SMOKE := $(shell grep -Eqs '^fuzz-smoke *:' tests/fuzz/fuzz.mk && echo 1)
test: deps
	@fail=""; \
	$(MAKE) unit || fail="$$fail unit"; \
	$(if $(HAVE_FUZZ_SMOKE),$(MAKE) fuzz-smoke || fail="$$fail fuzz-smoke";,echo "fuzz-smoke: not defined yet, skipped";) \
	$(MAKE) boot-test || fail="$$fail boot"; \
	if [ -n "$$fail" ]; then echo "test: FAILED:$$fail"; exit 1; fi; echo "test: all passed"

HAVE_BENCH_HOST := $(shell grep -Eqs '^bench-host *:' tests/bench/bench.mk && echo 1)
bench: deps
	$(PYTHON) tests/boot/bench.py
	$(if $(HAVE_BENCH_HOST),$(MAKE) bench-host,@echo "bench-host: not defined yet, skipped")

# One fast-path IPC round trip single-stepped under gdb: instructions per
# function (tests/boot/profile.py).
.PHONY: bench-profile
bench-profile: deps
	IPC=$(IPC) $(PYTHON) tests/boot/profile.py

clean:
	rm -rf build

help:
	@echo "EriX-C make targets:"
	@echo "  all (default)  build the runtime and smoke variants and both images"
	@echo "  deps           check/install the Debian packages needed (apt-get)"
	@echo "  image          $(IMG_DIR)/erix.img (runtime) and $(IMG_DIR)/erix-smoke.img (smoke);"
	@echo "                 PROFILE=dev (default: both with the framebuffer dev console) or"
	@echo "                 PROFILE=release (erix.img: kernel silent on COM1 and screen)"
	@echo "  sign           signed images erix-signed.img, erix-smoke-signed.img (SIGN_KEY, SIGN_CERT)"
	@echo "  run            boot erix.img in QEMU (SMOKE=1: erix-smoke.img; MEM=256M); quit: Ctrl-A X"
	@echo "  debug          boot erix-smoke.img halted for gdb on :1234 and print the gdb command"
	@echo "  usb            write erix.img to a removable disk: make usb DEV=/dev/sdX [YES=1] [SIGNED=1]"
	@echo "                 [ALLOW_LOOP=1: DEV may be a loop device over a regular file]"
	@echo "  test           unit tests, fuzz smoke run, boot scenarios (tests/boot)"
	@echo "  unit           host unit tests (cmocka) only"
	@echo "  boot-test      boot scenarios only (pytest tests/boot; K=expr selects)"
	@echo "  test-matrix    the machine matrix: q35/pc x 128M..8G x 1/2/4 CPUs x fb or not x 4 CPU models"
	@echo "  screenshot     boot with the dev console, check the screen, copy it to docs/boot.png"
	@echo "  fuzz           libFuzzer targets (tests/fuzz/fuzz.mk)"
	@echo "  bench          boot benchmark under -icount, kernel size, bench-host"
	@echo "  bench-profile  one fast-path IPC round trip stepped under gdb: instructions per function"
	@echo "                 (IPC=cap: the one-cap round trip, the server's DROP included)"
	@echo "  variant        one variant: make VARIANT=x [FEATURES=..] [BL_CORRUPT=RULE] [BL_QUIRK=q] [ROOTD_TEST=name] variant"
	@echo "  clean          remove build/"
	@echo "Variables: FEATURES ($(KNOWN_FEATURES)),"
	@echo "  PROFILE (dev, release), FONT_PSF (the dev console's PSF font),"
	@echo "  SMOKE, MEM, ACCEL (kvm|tcg: force the QEMU accelerator), DEV, YES, ALLOW_LOOP, CROSS, K, IPC,"
	@echo "  BOOT_WORKERS, FUZZ_SECONDS (fuzz.mk),"
	@echo "  SIGN_KEY, SIGN_CERT (sign; default: Debian's snakeoil test key), SIGNED (usb), BL_QUIRK"

# Header dependencies of this variant and of the host tests only: reading
# every variant's would cost seconds per sub-make.
-include $(shell find $(O) build/host build/bench build/fuzz -name '*.d' 2>/dev/null)

# Fragments owned by their folders.
include image/image.mk tests/boot/boot.mk tests/fuzz/fuzz.mk tests/bench/bench.mk
