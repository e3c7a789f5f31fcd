/*
 * fuzz-cli-body.c - command-line values turned into a JSON body
 * (sr_rec_body_from_text, with sr_parse_money for money). The first byte
 * picks the resource; the rest is NUL-separated name and value pairs.
 * Invariants: a clean error with code and message, or valid JSON whose
 * money values equal the text read as pounds and pence exactly.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/parse.h"
#include "smallrun/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PAIRS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *names[MAX_PAIRS], *values[MAX_PAIRS];
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	size_t n = 0, i = 1;
	char *text;
	int r;

	if (size < 1)
		return 0;
	r = data[0] % (SR_RES__MAX + 1); /* SR_RES__MAX: no such resource */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	while (i < size && n < MAX_PAIRS) {
		const char *name = text + i, *value;

		i += strlen(name) + 1;
		if (i >= size)
			break;
		value = text + i;
		i += strlen(value) + 1;
		names[n] = name;
		values[n++] = value;
	}
	if (sr_rec_body_from_text(r, names, values, n, &out, &f)) {
		if (!f.code[0] || !f.message.len)
			abort();
	} else {
		json_t *doc = json_loads(out.data, 0, NULL);

		if (!doc)
			abort();
		/* Money read back: the same minor units as the text says. */
		for (size_t k = 0; k < n; k++) {
			struct sr_field_info fi;
			int64_t minor;
			json_t *v;

			for (size_t j = 0; j < sr_res_field_count(r); j++) {
				sr_res_field_info(r, j, &fi);
				if (strcmp(fi.name, names[k]) ||
				    strcmp(fi.type, "money") ||
				    strchr(names[k], '.'))
					continue;
				v = json_object_get(doc, names[k]);
				if (sr_parse_money(values[k], &minor, fi.max) ==
					    SR_OK &&
				    json_is_integer(v) &&
				    json_integer_value(v) != minor) {
					/* A later pair may set it again. */
					bool later = false;

					for (size_t m = k + 1; m < n; m++)
						later |= !strcmp(names[m],
								 names[k]);
					if (!later)
						abort();
				}
			}
		}
		json_decref(doc);
	}
	sr_buf_release(&out);
	sr_fail_release(&f);
	free(text);
	return 0;
}
