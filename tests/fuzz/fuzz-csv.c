/*
 * fuzz-csv.c - libFuzzer driver for the CSV reader. The first byte picks
 * the options (separator, small limits); the rest is the input. Whatever
 * the bytes, reading must end cleanly, every error must name a line, line
 * numbers must never go back, and reading the same bytes through a FILE*
 * (in chunks) must give the same records and the same error.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Hash of every record read, and the error, so two readings compare. */
struct trace {
	uint64_t hash;
	size_t records;
	enum sr_err err;
	char msg[256];
};

static void mix(uint64_t *h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		*h = (*h ^ b[i]) * 0x100000001b3ULL;
}

static void run(struct sr_csv *r, bool header, struct trace *t)
{
	struct sr_fail f = SR_FAIL_INIT;
	long last = 0;
	bool got;

	memset(t, 0, sizeof(*t));
	t->hash = 0xcbf29ce484222325ULL;
	if (header) {
		t->err = sr_csv_read_header(r, &f);
		if (!t->err) {
			size_t idx;

			for (size_t i = 0; i < sr_csv_columns(r); i++) {
				const char *name = sr_csv_column_name(r, i);
				enum sr_err e = sr_csv_column(r, name, &idx);

				if (e != SR_OK && e != SR_ECONFLICT)
					abort();
				if (idx > i)
					abort();
				mix(&t->hash, name, strlen(name) + 1);
			}
			if (sr_csv_column_name(r, sr_csv_columns(r)))
				abort();
		}
	}
	while (!t->err && !(t->err = sr_csv_next(r, &got, &f)) && got) {
		if (sr_csv_line(r) <= last || sr_csv_nfields(r) == 0)
			abort();
		last = sr_csv_line(r);
		mix(&t->hash, &last, sizeof(last));
		for (size_t i = 0; i < sr_csv_nfields(r); i++) {
			size_t len;
			const char *s = sr_csv_field(r, i, &len);

			if (!s || s[len] != '\0')
				abort();
			mix(&t->hash, &len, sizeof(len));
			mix(&t->hash, s, len);
		}
		if (sr_csv_field(r, sr_csv_nfields(r), NULL))
			abort();
		t->records++;
	}
	if (t->err) {
		if (strncmp(f.message.data, "line ", 5) || !f.code[0])
			abort();
		snprintf(t->msg, sizeof(t->msg), "%s", f.message.data);
	}
	sr_fail_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = {',', ';', '\t', '|'};
	struct sr_csv_opts o = SR_CSV_OPTS_INIT;
	struct sr_csv *r = NULL;
	struct trace a, b;
	bool header;
	FILE *fp;

	if (size < 1)
		return 0;
	o.sep = seps[data[0] & 3];
	if (data[0] & 4) {
		o.max_field = 8 + (data[0] >> 5);
		o.max_record = 16 + (data[0] >> 4);
		o.max_fields = 4;
	}
	header = data[0] & 8;
	data++;
	size--;
	if (sr_csv_new_mem(&r, (const char *)data, size, &o, NULL))
		abort();
	run(r, header, &a);
	sr_csv_free(r);
	if (size == 0)
		return 0;
	fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	if (sr_csv_new_file(&r, fp, &o, NULL))
		abort();
	run(r, header, &b);
	sr_csv_free(r);
	fclose(fp);
	if (a.hash != b.hash || a.records != b.records || a.err != b.err ||
	    strcmp(a.msg, b.msg))
		abort();
	return 0;
}
