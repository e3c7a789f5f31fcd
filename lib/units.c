/*
 * units.c - the base units and the standard units that convert to them
 * (units.h). resource.c takes the base units from here for a material's
 * "unit", recipe.c converts recipe quantities with it, and the schema
 * shows the table to the web app.
 */
#include "compat.h"

#include "smallrun/units.h"

const char *const sr_unit_bases[] = {"g", "ml", "mm", "pcs", NULL};

/* Each base first, then the larger units of it, smallest first. */
static const struct sr_unit units[] = {
	{"g", "g", 1},	      {"kg", "g", 1000}, {"ml", "ml", 1},
	{"cl", "ml", 10},     {"l", "ml", 1000}, {"mm", "mm", 1},
	{"cm", "mm", 10},     {"m", "mm", 1000}, {"pcs", "pcs", 1},
	{"dozen", "pcs", 12},
};

const struct sr_unit *sr_unit_at(size_t i)
{
	return i < SR_ARRAY_SIZE(units) ? &units[i] : NULL;
}

const struct sr_unit *sr_unit_find(const char *name)
{
	for (size_t i = 0; name && i < SR_ARRAY_SIZE(units); i++)
		if (!strcmp(units[i].name, name))
			return &units[i];
	return NULL;
}

enum sr_err sr_unit_to_base(const char *base, const char *unit, int64_t qty,
			    int64_t max, const char *field, int64_t *out,
			    struct sr_fail *f)
{
	const struct sr_unit *u =
		unit && *unit ? sr_unit_find(unit) : sr_unit_find(base);
	int64_t n;

	if (!u || !base || strcmp(u->base, base)) {
		char names[64] = "";
		size_t len = 0;

		for (size_t i = 0; base && i < SR_ARRAY_SIZE(units); i++)
			if (!strcmp(units[i].base, base))
				len += (size_t)snprintf(
					names + len, sizeof(names) - len,
					"%s%s", len ? ", " : "", units[i].name);
		return sr_fail_set(f, SR_EINVAL, "bad_unit", field,
				   "%.40s is not a unit of %s; use %s",
				   unit && *unit ? unit : "(none)",
				   base ? base : "(none)",
				   len ? names : "the base unit");
	}
	if (__builtin_mul_overflow(qty, u->factor, &n) || n > max || n < 0)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", field,
				   "%" PRId64 " %s is more than %" PRId64
				   " %s, the most a quantity can be",
				   qty, u->name, max, base);
	*out = n;
	return SR_OK;
}
