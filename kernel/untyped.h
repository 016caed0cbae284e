/* Untyped capabilities: one per seed, RAM then device. */
#ifndef ERIX_KERNEL_UNTYPED_H
#define ERIX_KERNEL_UNTYPED_H

#include "cspace.h"
#include "seed.h"

int untyped_install_seeds(struct cspace *cs, const struct seed_set *set);
/* Retyping untyped memory into objects is not implemented yet. */
int untyped_retype(struct cap *ut, unsigned type, unsigned size_bits);

#endif
