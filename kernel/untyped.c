/* Untyped capabilities: each seed becomes one cap naming its naturally
 * aligned block, RAM seeds first, then device seeds, from
 * ERIX_SLOT_UNTYPED_BASE, in the order seed_derive produced them. */
#include "untyped.h"

#include <erix/errors.h>

int untyped_install_seeds(struct cspace *cs, const struct seed_set *set)
{
	for (uint32_t i = 0; i < set->count; i++) {
		const struct seed *s = &set->seeds[i];
		struct cap c = {
		    .type = s->is_device ? ERIX_CAP_DEVICE_UNTYPED : ERIX_CAP_UNTYPED,
		    .rights = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT,
		    .size_bits = s->size_bits,
		    .base = s->base,
		};
		int err = cspace_install(cs, ERIX_SLOT_UNTYPED_BASE + i, &c);

		if (err)
			return err;
	}
	return ERIX_OK;
}
