/*
 * fuzz-store-shown.c - libFuzzer driver for sr_store_shown(), which turns
 * the --db or SMALLRUN_DB a person gives (a file path, or a PostgreSQL URI
 * that may carry a password) into the text serve prints at start-up.
 *
 * The input is taken as one string (cut at its first NUL). Invariants:
 *
 *   - the answer is NUL-terminated and as long as its buffer says;
 *   - a path that is not a postgresql:// or postgres:// URI is shown as
 *     it is;
 *   - a URI's shown text holds no byte of a password given after
 *     "user:" in its authority, when that password is a run of letters
 *     the rest of the URI does not contain: it is ***.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	char *in = malloc(size + 1);
	bool pg;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	pg = !strncmp(in, "postgres://", 11) ||
	     !strncmp(in, "postgresql://", 13);
	if (sr_store_shown(in, &out) == SR_OK) {
		if (strlen(out.data) != out.len)
			abort();
		if (!pg && strcmp(out.data, in))
			abort();
	}
	sr_buf_release(&out);

	/* The same input as the password of a URI. */
	if (!pg && size && size < 64) {
		struct sr_buf uri = SR_BUF_INIT(1 << 12);
		bool letters = true;

		for (size_t i = 0; i < size; i++)
			letters &= (in[i] >= 'a' && in[i] <= 'z');
		sr_buf_addf(&uri, "postgresql://Q:%s@H/D?x=Y", in);
		out = (struct sr_buf)SR_BUF_INIT(1 << 16);
		if (letters && !uri.err &&
		    sr_store_shown(uri.data, &out) == SR_OK &&
		    strcmp(out.data, "postgresql://Q:***@H/D?x=Y"))
			abort();
		sr_buf_release(&out);
		sr_buf_release(&uri);
	}
	free(in);
	return 0;
}
