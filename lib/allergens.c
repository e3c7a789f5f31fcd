/*
 * allergens.c - the 14 allergens (allergens.h): their codes, the list a
 * material stores, and the words that name each in an ingredients list.
 */
#include "compat.h"

#include "smallrun/allergens.h"

const char *const sr_allergen_codes[SR_ALLERGEN__MAX + 1] = {
	"celery",  "gluten", "crustaceans", "eggs",	 "fish",
	"lupin",   "milk",   "molluscs",    "mustard",	 "nuts",
	"peanuts", "sesame", "soya",	    "sulphites", NULL,
};

/*
 * What each is called where the law lists it (Annex II), the word added
 * after an ingredient that does not name it, and the words that do name
 * it in an ingredient's name. The words are the Annex's own (the cereals
 * and nuts it names one by one, singular and plural); a name such as
 * "butter" or "flour" names no allergen, so the label says "butter
 * (milk)" — the maker writes "wheat flour" to name the cereal.
 */
struct allergen {
	const char *title, *word;
	const char *names[16];
};

/* clang-format off: a table reads best as one */
static const struct allergen allergens[SR_ALLERGEN__MAX] = {
	[SR_ALLERGEN_CELERY] = {"celery", "celery", {"celery", "celeriac"}},
	[SR_ALLERGEN_GLUTEN] = {"cereals containing gluten",
				"gluten",
				{"gluten", "wheat", "rye", "barley", "oat",
				 "oats", "spelt", "khorasan", "kamut"}},
	[SR_ALLERGEN_CRUSTACEANS] = {"crustaceans",
				     "crustaceans",
				     {"crustacean", "crustaceans", "crab",
				      "crabs", "lobster", "lobsters", "prawn",
				      "prawns", "shrimp", "shrimps", "crayfish",
				      "langoustine", "langoustines"}},
	[SR_ALLERGEN_EGGS] = {"eggs", "egg", {"egg", "eggs"}},
	[SR_ALLERGEN_FISH] = {"fish",
			      "fish",
			      {"fish", "anchovy", "anchovies", "cod", "haddock",
			       "mackerel", "salmon", "sardine", "sardines",
			       "trout", "tuna"}},
	[SR_ALLERGEN_LUPIN] = {"lupin", "lupin", {"lupin", "lupins", "lupine"}},
	[SR_ALLERGEN_MILK] = {"milk", "milk", {"milk", "milks"}},
	[SR_ALLERGEN_MOLLUSCS] = {"molluscs",
				  "molluscs",
				  {"mollusc", "molluscs", "mussel", "mussels",
				   "oyster", "oysters", "squid", "clam",
				   "clams", "scallop", "scallops", "whelk",
				   "whelks", "octopus"}},
	[SR_ALLERGEN_MUSTARD] = {"mustard", "mustard", {"mustard"}},
	[SR_ALLERGEN_NUTS] = {"tree nuts",
			      "nuts",
			      {"nut", "nuts", "almond", "almonds", "hazelnut",
			       "hazelnuts", "walnut", "walnuts", "cashew",
			       "cashews", "pecan", "pecans", "brazil",
			       "pistachio", "pistachios", "macadamia"}},
	[SR_ALLERGEN_PEANUTS] = {"peanuts",
				 "peanuts",
				 {"peanut", "peanuts", "groundnut",
				  "groundnuts"}},
	[SR_ALLERGEN_SESAME] = {"sesame", "sesame", {"sesame"}},
	[SR_ALLERGEN_SOYA] = {"soya",
			      "soya",
			      {"soya", "soy", "soybean", "soybeans", "soyabean",
			       "soyabeans"}},
	[SR_ALLERGEN_SULPHITES] = {"sulphur dioxide and sulphites",
				   "sulphites",
				   {"sulphite", "sulphites", "sulfite",
				    "sulfites", "sulphur", "metabisulphite"}},
};
/* clang-format on */

const char *sr_allergen_word(enum sr_allergen a)
{
	return allergens[a].word;
}

const char *sr_allergen_title(enum sr_allergen a)
{
	return allergens[a].title;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The code of len bytes, any case, or -1. */
static int code_of(const char *s, size_t len)
{
	for (int i = 0; i < SR_ALLERGEN__MAX; i++)
		if (strlen(sr_allergen_codes[i]) == len &&
		    !strncasecmp(sr_allergen_codes[i], s, len))
			return i;
	return -1;
}

enum sr_err sr_allergens_parse(const char *text, size_t len, const char *field,
			       unsigned *set, struct sr_fail *f)
{
	size_t i = 0;

	*set = 0;
	while (i < len) {
		size_t start, end;
		int code;

		while (i < len && is_space(text[i]))
			i++;
		start = i;
		while (i < len && text[i] != ',')
			i++;
		end = i;
		while (end > start && is_space(text[end - 1]))
			end--;
		if (i < len)
			i++; /* the comma */
		if (end == start)
			continue;
		code = code_of(text + start, end - start);
		if (code < 0) {
			*set = 0;
			/* At most 40 bytes of it, so the list stays in. */
			return sr_fail_set(
				f, SR_EINVAL, "bad_value", field,
				"\"%.*s\" is not one of the 14 allergens; "
				"use these codes, separated by commas: "
				"celery, gluten, crustaceans, eggs, fish, "
				"lupin, milk, molluscs, mustard, nuts, "
				"peanuts, sesame, soya, sulphites",
				(int)(end - start > 40 ? 40 : end - start),
				text + start);
		}
		*set |= 1u << code;
	}
	return SR_OK;
}

void sr_allergens_format(unsigned set, struct sr_buf *out)
{
	bool first = true;

	for (int i = 0; i < SR_ALLERGEN__MAX; i++) {
		if (!(set & (1u << i)))
			continue;
		if (!first)
			sr_buf_addch(out, ',');
		sr_buf_adds(out, sr_allergen_codes[i]);
		first = false;
	}
}

/* An ASCII letter or any byte of a multi-byte UTF-8 character: inside a
 * word, so "walnuts" is not "nuts" and "écrevisse" not "crevisse". */
static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool sr_allergen_named(enum sr_allergen a, const char *name, size_t len)
{
	const char *const *w = allergens[a].names;

	for (size_t k = 0; k < SR_ARRAY_SIZE(allergens[a].names) && w[k]; k++) {
		size_t n = strlen(w[k]);

		for (size_t i = 0; i + n <= len; i++) {
			if (i > 0 && word_byte((unsigned char)name[i - 1]))
				continue;
			if (i + n < len &&
			    word_byte((unsigned char)name[i + n]))
				continue;
			if (!strncasecmp(name + i, w[k], n))
				return true;
		}
	}
	return false;
}
