/* Untyped capabilities: one per seed, RAM then device. */
#ifndef ERIX_KERNEL_UNTYPED_H
#define ERIX_KERNEL_UNTYPED_H

#include "cspace.h"
#include "seed.h"

int untyped_install_seeds(struct cspace *cs, const struct seed_set *set);

#endif
