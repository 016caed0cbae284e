# Boot scenarios (owned by tests/boot/): pytest under QEMU + OVMF, two
# workers when pytest-xdist is installed. K=expr selects scenarios.
# Included by the top-level Makefile.

BOOT_WORKERS ?= 2
K ?=

.PHONY: boot-test
boot-test:
	$(PYTHON) -m pytest tests/boot -q -rfE --tb=short \
		$(if $(shell $(PYTHON) -c 'import xdist' 2>/dev/null && echo y),-n $(BOOT_WORKERS)) \
		$(if $(K),-k '$(K)')
