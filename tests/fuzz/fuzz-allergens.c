/*
 * fuzz-allergens.c - libFuzzer driver for the allergen list a material's
 * body carries (lib/allergens.c), and for the word matching that decides
 * which part of an ingredients list is bold.
 *
 * The input is the text, passed by length (never NUL-terminated, so an
 * over-read shows under ASan). Invariants, abort() on the first that
 * breaks:
 *
 *   - it is accepted exactly when every comma-separated item, spaces
 *     trimmed, is empty or one of the 14 codes in any case (said here
 *     independently of allergens.c);
 *   - a refusal is SR_EINVAL naming the field, with a set of 0;
 *   - an accepted list's normal form holds only codes, each once, in
 *     table order, and reads back to the same set; reading the normal
 *     form again gives the same text;
 *   - sr_allergen_named() on the input never reads past it, and the text
 *     of a code always names its own allergen.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smallrun/allergens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool acceptable(const char *s, size_t len)
{
	size_t i = 0;

	while (i <= len) {
		size_t start = i, end;
		bool found = false;

		while (i < len && s[i] != ',')
			i++;
		end = i;
		while (start < end && space(s[start]))
			start++;
		while (end > start && space(s[end - 1]))
			end--;
		for (int k = 0; k < SR_ALLERGEN__MAX && !found; k++)
			found = strlen(sr_allergen_codes[k]) == end - start &&
				!strncasecmp(sr_allergen_codes[k], s + start,
					     end - start);
		if (end > start && !found)
			return false;
		i++;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct sr_buf norm = SR_BUF_INIT(1024), again = SR_BUF_INIT(1024);
	struct sr_fail f = SR_FAIL_INIT;
	unsigned set = 99, back = 99;
	enum sr_err err = sr_allergens_parse(s, size, "allergens", &set, &f);

	for (int k = 0; k < SR_ALLERGEN__MAX; k++) {
		const char *code = sr_allergen_codes[k];

		(void)sr_allergen_named((enum sr_allergen)k, s, size);
		check(sr_allergen_named((enum sr_allergen)k, code,
					strlen(code)));
	}
	if (!acceptable(s, size)) {
		check(err == SR_EINVAL && set == 0);
		check(!strcmp(f.field.data, "allergens"));
		goto out;
	}
	check(err == SR_OK && set <= SR_ALLERGEN_ALL);
	sr_allergens_format(set, &norm);
	check(!norm.err);
	check(sr_allergens_parse(norm.data, norm.len, "allergens", &back, &f) ==
		      SR_OK &&
	      back == set);
	sr_allergens_format(back, &again);
	check(again.len == norm.len &&
	      !memcmp(again.data, norm.data, norm.len));
	/* Lower-case codes and commas only, in the table's order. */
	for (size_t i = 0, k = 0; i < norm.len;) {
		size_t n = strcspn(norm.data + i, ",");

		while (k < SR_ALLERGEN__MAX &&
		       (strlen(sr_allergen_codes[k]) != n ||
			memcmp(sr_allergen_codes[k], norm.data + i, n)))
			k++;
		check(k < SR_ALLERGEN__MAX && (set & (1u << k)));
		k++;
		i += n + 1;
	}
out:
	sr_buf_release(&norm);
	sr_buf_release(&again);
	sr_fail_release(&f);
	return 0;
}
