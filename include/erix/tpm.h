/* Measured boot: what bl records in the TPM, as a verifier (and the boot
 * tests: tests/boot/abi.py parses this file) must replay it. The rules are
 * in bl/README.md, "Measured boot". */
#ifndef ERIX_TPM_H
#define ERIX_TPM_H

/* The PCR bl extends with every file it loads: BOOT.CFG, the kernel, then
 * each module in BOOT.CFG order, one event per file in every active bank.
 * PC Client's PCRs 8-15 belong to the OS loader (the firmware measures into
 * 0-7 only); 9 is where boot loaders put the files they read (GRUB, Linux's
 * EFI stub for the initrd); 8 is for loader commands, which bl has none of. */
#define ERIX_TPM_PCR 9

/* The event type of each event in the firmware's TCG2 event log: EV_IPL
 * (PC Client: a boot loader's measurement). The event data is the file's
 * ESP path, ASCII with its NUL; the digests are those of the file bytes. */
#define ERIX_TPM_EVENT_TYPE 0x0000000Du

#endif
