# Image assembly (owned by image/): the two packaged disk images, each a GPT
# disk with one ESP holding bl, a stripped kernel, rootd, its test child and
# BOOT.CFG.
# Included by the top-level Makefile.

IMG_DIR ?= build
RUNTIME_VARIANT ?= runtime
SMOKE_VARIANT ?= smoke
RUNTIME_O := build/v/$(RUNTIME_VARIANT)
SMOKE_O := build/v/$(SMOKE_VARIANT)
# PROFILE=dev (default): both images mirror the kernel's markers to the
# framebuffer (kernel-dev-console). PROFILE=release: the runtime image is
# built with kernel-release instead (kernel silent on COM1 and screen, rootd's
# LOG_STRING lines still on COM1); the smoke image is a test image and keeps
# the dev console.
PROFILE ?= dev
ifeq ($(PROFILE),release)
RUNTIME_FEATURES := kernel-runtime-image kernel-release
else ifeq ($(PROFILE),dev)
RUNTIME_FEATURES := kernel-runtime-image kernel-dev-console
else
$(error PROFILE must be dev or release, not '$(PROFILE)')
endif
SMOKE_FEATURES := kernel-rootd-smoke-test kernel-dev-console

.PHONY: all image variant-runtime variant-smoke

all: image

# Each variant is built by a sub-make with its own flags; the flag stamps
# rebuild it when they change.
variant-runtime:
	$(MAKE) VARIANT=$(RUNTIME_VARIANT) FEATURES="$(RUNTIME_FEATURES)" BL_CORRUPT= ROOTD_TEST= variant
variant-smoke:
	$(MAKE) VARIANT=$(SMOKE_VARIANT) FEATURES="$(SMOKE_FEATURES)" BL_CORRUPT= ROOTD_TEST= variant

# $(1) image, $(2) variant dir. The ESP gets a copy of kernel.elf without
# debug info (the variant's kernel.elf keeps it for gdb). The image file is
# replaced only when its bytes change, so its mtime means something.
define assemble_image
	@mkdir -p $(1).esp
	$(OBJCOPY) --strip-debug $(2)/kernel.elf $(1).esp/KERNEL.ELF
	image/mkimage.sh $(1).new $(2)/BOOTX64.EFI image/boot.cfg \
		$(1).esp/KERNEL.ELF=/EFI/ERIX/KERNEL.ELF $(2)/rootd.elf=/EFI/ERIX/ROOTD.ELF \
		$(2)/child.elf=/EFI/ERIX/CHILD.ELF
	@if cmp -s $(1).new $(1); then rm -f $(1).new; else mv -f $(1).new $(1); echo "image: $(1)"; fi
endef

image: variant-runtime variant-smoke
	$(call assemble_image,$(IMG_DIR)/erix.img,$(RUNTIME_O))
	$(call assemble_image,$(IMG_DIR)/erix-smoke.img,$(SMOKE_O))
