/*
 * units.h - the units materials are counted in, and those that convert to
 * them: the one table of them (lib/units.c).
 *
 * Every quantity of a material is stored as a whole number of its base
 * unit: g, ml, mm or pcs. The standard units below convert to a base by a
 * whole factor (1 kg = 1000 g, 1 l = 1000 ml, 1 m = 1000 mm, 1 dozen =
 * 12 pcs), so a conversion to the base is one exact multiplication. A
 * material's own purchase units (a 16 kg sack, a pack of 100) are records
 * (`material-units`), each with how many base units one holds.
 *
 * Pure: no I/O.
 */
#ifndef SMALLRUN_UNITS_H
#define SMALLRUN_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"

/* The base units, NULL-terminated: "g", "ml", "mm", "pcs". */
extern const char *const sr_unit_bases[];

/* A standard unit: its name, the base it measures, base units in one. */
struct sr_unit {
	const char *name;
	const char *base;
	int64_t factor;
};

/* The i-th standard unit (bases first, each then its larger units), or
 * NULL past the end. */
const struct sr_unit *sr_unit_at(size_t i);

/* The standard unit called name (exactly, in small letters), or NULL. */
const struct sr_unit *sr_unit_find(const char *name);

/*
 * qty of unit (NULL or "" for the base itself) as a whole number of base
 * units into *out, at most max. SR_EINVAL with f naming field when unit
 * does not measure base ("bad_unit", listing the ones that do) or the
 * result is past max ("out_of_range").
 */
enum sr_err sr_unit_to_base(const char *base, const char *unit, int64_t qty,
			    int64_t max, const char *field, int64_t *out,
			    struct sr_fail *f);

#endif
