/*
 * allergens.h - the UK's 14 allergens (the Food Information Regulations
 * 2014, Schedule / retained Regulation (EU) 1169/2011 Annex II), each by a
 * fixed code, and the words that name each one in an ingredients list.
 *
 * A material stores the allergens it carries as a normalised comma list
 * of codes: lower case, each once, in the order of sr_allergen_codes,
 * "" for none ("gluten,milk"). A set in C is a bit mask, bit i for
 * sr_allergen_codes[i].
 */
#ifndef SMALLRUN_ALLERGENS_H
#define SMALLRUN_ALLERGENS_H

#include <stdbool.h>
#include <stddef.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

enum sr_allergen {
	SR_ALLERGEN_CELERY,
	SR_ALLERGEN_GLUTEN, /* cereals containing gluten */
	SR_ALLERGEN_CRUSTACEANS,
	SR_ALLERGEN_EGGS,
	SR_ALLERGEN_FISH,
	SR_ALLERGEN_LUPIN,
	SR_ALLERGEN_MILK,
	SR_ALLERGEN_MOLLUSCS,
	SR_ALLERGEN_MUSTARD,
	SR_ALLERGEN_NUTS, /* tree nuts */
	SR_ALLERGEN_PEANUTS,
	SR_ALLERGEN_SESAME,
	SR_ALLERGEN_SOYA,
	SR_ALLERGEN_SULPHITES, /* sulphur dioxide and sulphites > 10 mg/kg */
	SR_ALLERGEN__MAX
};

/* The codes in order, NULL-terminated: "celery", "gluten", … */
extern const char *const sr_allergen_codes[SR_ALLERGEN__MAX + 1];

/* The set of all 14. */
#define SR_ALLERGEN_ALL ((1u << SR_ALLERGEN__MAX) - 1)

/* The word added after an ingredient whose name does not name allergen a
 * ("unsalted butter (milk)"): "milk", "gluten", "nuts" … */
const char *sr_allergen_word(enum sr_allergen a);

/* Its name for people, as the law lists it: "cereals containing gluten". */
const char *sr_allergen_title(enum sr_allergen a);

/*
 * Read len bytes of a comma list of codes (any case, spaces around each,
 * empty items and repeats ignored) into *set. SR_EINVAL (bad_value, with
 * f naming field and the message listing the 14 codes) for anything
 * else; *set is then 0.
 */
enum sr_err sr_allergens_parse(const char *text, size_t len, const char *field,
			       unsigned *set, struct sr_fail *f);

/* Append set as its normalised comma list ("" for none) to out. */
void sr_allergens_format(unsigned set, struct sr_buf *out);

/*
 * Does the name (len bytes of UTF-8) name allergen a, as a whole word in
 * any case: "Wheat flour" names gluten, "unsalted butter" does not name
 * milk, "soya lecithin" names soya? The words of each are in
 * allergens.c; doc/API.md lists them.
 */
bool sr_allergen_named(enum sr_allergen a, const char *name, size_t len);

#endif
