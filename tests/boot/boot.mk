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

# docs/boot.png, the README's screenshot: the screen-default scenario's
# screendump (a runtime boot with the dev console, checked pixel for pixel).
.PHONY: screenshot
screenshot:
	$(PYTHON) -m pytest tests/boot/test_boot.py -q -rfE --tb=short -k 'screen-default'
	@mkdir -p docs
	cp build/boot-logs/screen-default.png docs/boot.png

# The machine matrix (tests/boot/matrix.py): 192 cells, about 15 minutes on
# two workers; not part of `make test`. K=expr selects cells.
.PHONY: test-matrix
test-matrix: image
	$(PYTHON) -m pytest tests/boot/matrix_cells.py -q -rfE --tb=short \
		$(if $(shell $(PYTHON) -c 'import xdist' 2>/dev/null && echo y),-n $(BOOT_WORKERS)) \
		$(if $(K),-k '$(K)')
