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
	$(MAKE) VARIANT=$(RUNTIME_VARIANT) FEATURES="$(RUNTIME_FEATURES)" BL_CORRUPT= BL_QUIRK= ROOTD_TEST= variant
variant-smoke:
	$(MAKE) VARIANT=$(SMOKE_VARIANT) FEATURES="$(SMOKE_FEATURES)" BL_CORRUPT= BL_QUIRK= ROOTD_TEST= variant

# $(1) image, $(2) variant dir. The ESP gets a copy of kernel.elf without
# debug info (the variant's kernel.elf keeps it for gdb). The image file is
# replaced only when its bytes change, so its mtime means something.
define assemble_image
	@mkdir -p $(1).esp
	$(OBJCOPY) --strip-debug $(2)/kernel.elf $(1).esp/KERNEL.ELF
	image/mkimage.sh $(1).new $(2)/BOOTX64.EFI image/boot.cfg \
		$(1).esp/KERNEL.ELF=/EFI/ERIX/KERNEL.ELF $(2)/rootd.elf=/EFI/ERIX/ROOTD.ELF \
		$(2)/child.elf=/EFI/ERIX/CHILD.ELF $(2)/drivers.elf=/EFI/ERIX/DRIVERS.ELF
	@if cmp -s $(1).new $(1); then rm -f $(1).new; else mv -f $(1).new $(1); echo "image: $(1)"; fi
endef

image: variant-runtime variant-smoke
	$(call assemble_image,$(IMG_DIR)/erix.img,$(RUNTIME_O))
	$(call assemble_image,$(IMG_DIR)/erix-smoke.img,$(SMOKE_O))

# Signing for Secure Boot (`make sign`): the loader gets the SHA-256 of the
# image's BOOT.CFG embedded (image/embed-cfg-digest.py), is signed with
# sbsign, and goes into $(IMG_DIR)/erix-signed.img (runtime) and
# $(IMG_DIR)/erix-smoke-signed.img (smoke). SIGN_KEY/SIGN_CERT default to the
# test key Debian's ovmf ships (enrolled in OVMF_VARS_4M.snakeoil.fd); its
# passphrase is stripped into build/sign/ first.
SNAKEOIL_KEY := /usr/share/ovmf/PkKek-1-snakeoil.key
SNAKEOIL_PASS := snakeoil
SIGN_KEY ?= build/sign/snakeoil.key
SIGN_CERT ?= /usr/share/ovmf/PkKek-1-snakeoil.pem

.PHONY: sign
build/sign/snakeoil.key: $(SNAKEOIL_KEY)
	@mkdir -p $(@D)
	openssl rsa -passin pass:$(SNAKEOIL_PASS) -in $< -out $@.tmp 2>/dev/null
	@chmod 600 $@.tmp && mv -f $@.tmp $@

# $(1) image, $(2) variant dir: the same ESP as assemble_image, but BOOT.CFG
# (with its digests) is written first, so its digest can go into the loader
# before the signature covers both.
define sign_image
	@mkdir -p $(1).esp
	@command -v sbsign >/dev/null || { echo "sign: sbsign not found (apt-get install sbsigntool)"; exit 1; }
	$(OBJCOPY) --strip-debug $(2)/kernel.elf $(1).esp/KERNEL.ELF
	image/cfgdigest.sh image/boot.cfg $(1).esp/BOOT.CFG \
		$(1).esp/KERNEL.ELF=/EFI/ERIX/KERNEL.ELF $(2)/rootd.elf=/EFI/ERIX/ROOTD.ELF \
		$(2)/child.elf=/EFI/ERIX/CHILD.ELF $(2)/drivers.elf=/EFI/ERIX/DRIVERS.ELF
	$(PYTHON) image/embed-cfg-digest.py $(2)/BOOTX64.EFI $(1).esp/BOOT.CFG $(1).esp/BOOTX64.unsigned
	sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $(1).esp/BOOTX64.EFI \
		$(1).esp/BOOTX64.unsigned 2>&1 | grep -v 'gaps between PE/COFF sections' || true
	@test -s $(1).esp/BOOTX64.EFI
	image/mkimage.sh $(1).new $(1).esp/BOOTX64.EFI $(1).esp/BOOT.CFG \
		$(1).esp/KERNEL.ELF=/EFI/ERIX/KERNEL.ELF $(2)/rootd.elf=/EFI/ERIX/ROOTD.ELF \
		$(2)/child.elf=/EFI/ERIX/CHILD.ELF $(2)/drivers.elf=/EFI/ERIX/DRIVERS.ELF
	@if cmp -s $(1).new $(1); then rm -f $(1).new; else mv -f $(1).new $(1); echo "image: $(1)"; fi
endef

sign: variant-runtime variant-smoke $(SIGN_KEY)
	$(call sign_image,$(IMG_DIR)/erix-signed.img,$(RUNTIME_O))
	$(call sign_image,$(IMG_DIR)/erix-smoke-signed.img,$(SMOKE_O))
