/*
 * test-csv.c - the RFC 4180 reader: line endings, quoting, limits, line
 * numbers, header lookup, and the same records from a file (read in
 * chunks) as from memory.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/csv.h"

/* Every record of data, fields joined by '|', records ended by '\n'. */
static enum sr_err dump(const char *data, size_t len,
			const struct sr_csv_opts *o, char *out, size_t outsz,
			struct sr_fail *f)
{
	struct sr_csv *r = NULL;
	enum sr_err err;
	size_t k = 0;
	bool got;

	out[0] = '\0';
	err = sr_csv_new_mem(&r, data, len, o, f);
	if (err)
		return err;
	while (!(err = sr_csv_next(r, &got, f)) && got) {
		k += (size_t)snprintf(out + k, outsz - k,
				      "%ld:", sr_csv_line(r));
		for (size_t i = 0; i < sr_csv_nfields(r); i++) {
			size_t flen;
			const char *s = sr_csv_field(r, i, &flen);

			cr_assert_lt(k + flen + 2, outsz);
			if (i)
				out[k++] = '|';
			memcpy(out + k, s, flen);
			k += flen;
		}
		out[k++] = '\n';
		out[k] = '\0';
	}
	sr_csv_free(r);
	return err;
}

static void expect(const char *data, const char *want)
{
	char out[4096];
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = dump(data, strlen(data), NULL, out, sizeof(out), &f);

	cr_assert_eq(err, SR_OK, "%s", f.message.data);
	cr_assert_str_eq(out, want, "input [%s]", data);
	sr_fail_release(&f);
}

static void expect_fail(const char *data, enum sr_err want_err,
			const char *want_msg)
{
	char out[4096];
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = dump(data, strlen(data), NULL, out, sizeof(out), &f);

	cr_assert_eq(err, want_err, "input [%s]: got %d (%s)", data, err,
		     f.message.data);
	cr_assert(strstr(f.message.data, want_msg), "message [%s], want [%s]",
		  f.message.data, want_msg);
	sr_fail_release(&f);
}

Test(csv, line_endings)
{
	expect("a,b\nc,d\n", "1:a|b\n2:c|d\n");
	expect("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	expect("a,b\rc,d\r", "1:a|b\n2:c|d\n");
	expect("a,b\r\nc,d\re,f\ng,h", "1:a|b\n2:c|d\n3:e|f\n4:g|h\n");
	expect("a,b", "1:a|b\n");
	expect("", "");
	expect("\n\r\n\r", "");
}

Test(csv, empty_lines_are_skipped_but_counted)
{
	expect("\n\na\n\r\n\rb\n\n", "3:a\n6:b\n");
}

Test(csv, bom_is_skipped_once)
{
	expect("\xef\xbb\xbfid,x\n1,2\n", "1:id|x\n2:1|2\n");
	/* A BOM later on is data. */
	expect("a\n\xef\xbb\xbf"
	       "b\n",
	       "1:a\n2:\xef\xbb\xbf"
	       "b\n");
}

Test(csv, empty_fields)
{
	expect("a,,b\n", "1:a||b\n");
	expect(",\n", "1:|\n");
	expect("\"\"\n", "1:\n");
	expect("a,\n", "1:a|\n");
	expect("\"\",\"\"\n", "1:|\n");
}

Test(csv, quoting)
{
	expect("\"a,b\",c\n", "1:a,b|c\n");
	expect("\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n");
	expect("\"\"\"\"\n", "1:\"\n");
	expect("\"two\nlines\",x\ny\n", "1:two\nlines|x\n3:y\n");
	expect("\"crlf\r\ninside\"\r\nnext\r\n", "1:crlf\r\ninside\n3:next\n");
	expect("\"cr\rinside\"\rnext", "1:cr\rinside\n3:next\n");
	expect("x,\"end\"", "1:x|end\n");
	expect("  spaces  ,\" kept \"\n", "1:  spaces  | kept \n");
}

Test(csv, bad_quoting_names_the_line)
{
	expect_fail("a\nb\"c\n", SR_EINVAL, "line 2: a quote inside unquoted");
	expect_fail("a\n\"b\"c\n", SR_EINVAL,
		    "line 2: 'c' after the closing quote of field 1");
	expect_fail("a\nx,\"b\n\nc", SR_EINVAL,
		    "line 2: the quoted field 2 opened here is never closed");
	expect_fail("\"a\" ,b\n", SR_EINVAL, "line 1: ' ' after the closing");
}

Test(csv, limits_are_errors_not_truncation)
{
	struct sr_csv_opts o = SR_CSV_OPTS_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	char out[4096];

	o.max_field = 4;
	cr_assert_eq(dump("abcd,efgh\n", 10, &o, out, sizeof(out), &f), SR_OK);
	cr_assert_eq(dump("ok\nabcde\n", 9, &o, out, sizeof(out), &f),
		     SR_ETOOBIG);
	cr_assert(strstr(f.message.data, "line 2: field 1 is longer than 4"),
		  "%s", f.message.data);
	cr_assert_eq(dump("\"ab\"\"c\"\n", 8, &o, out, sizeof(out), &f), SR_OK);
	cr_assert_str_eq(out, "1:ab\"c\n");
	cr_assert_eq(dump("\"ab\"\"cd\"\n", 9, &o, out, sizeof(out), &f),
		     SR_ETOOBIG);

	o = (struct sr_csv_opts)SR_CSV_OPTS_INIT;
	o.max_record = 6;
	cr_assert_eq(dump("ab,cd,ef\n", 9, &o, out, sizeof(out), &f), SR_OK);
	cr_assert_eq(dump("ab,cd,efg\n", 10, &o, out, sizeof(out), &f),
		     SR_ETOOBIG);
	cr_assert(strstr(f.message.data, "record is longer than 6"), "%s",
		  f.message.data);

	o = (struct sr_csv_opts)SR_CSV_OPTS_INIT;
	o.max_fields = 3;
	cr_assert_eq(dump("a,b,c\n", 6, &o, out, sizeof(out), &f), SR_OK);
	cr_assert_eq(dump("a,b,c\n\na,b,c,d\n", 15, &o, out, sizeof(out), &f),
		     SR_ETOOBIG);
	cr_assert(strstr(f.message.data, "line 3: more than 3 fields"), "%s",
		  f.message.data);
	sr_fail_release(&f);
}

Test(csv, other_separators_and_bad_options)
{
	struct sr_csv_opts o = SR_CSV_OPTS_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_csv *r = NULL;
	char out[256];

	o.sep = ';';
	cr_assert_eq(dump("a;\"b;c\";d,e\n", 12, &o, out, sizeof(out), &f),
		     SR_OK);
	cr_assert_str_eq(out, "1:a|b;c|d,e\n");
	cr_assert_eq(dump("\"b\",c\n", 6, &o, out, sizeof(out), &f), SR_EINVAL);
	o.sep = '\t';
	cr_assert_eq(dump("a\tb c\n", 6, &o, out, sizeof(out), &f), SR_OK);
	cr_assert_str_eq(out, "1:a|b c\n");
	o.sep = '"';
	cr_assert_eq(sr_csv_new_mem(&r, "", 0, &o, &f), SR_EINVAL);
	cr_assert_null(r);
	o = (struct sr_csv_opts)SR_CSV_OPTS_INIT;
	o.max_field = 0;
	cr_assert_eq(sr_csv_new_file(&r, stdin, &o, &f), SR_EINVAL);
	cr_assert_null(r);
	sr_fail_release(&f);
}

Test(csv, nul_bytes_are_data)
{
	static const char data[] = "a\0b,c\n";
	struct sr_csv *r = NULL;
	size_t len;
	bool got;

	cr_assert_eq(sr_csv_new_mem(&r, data, sizeof(data) - 1, NULL, NULL),
		     SR_OK);
	cr_assert_eq(sr_csv_next(r, &got, NULL), SR_OK);
	cr_assert(got);
	cr_assert_eq(sr_csv_nfields(r), 2);
	cr_assert_eq(memcmp(sr_csv_field(r, 0, &len), "a\0b", 4), 0);
	cr_assert_eq(len, 3);
	cr_assert_null(sr_csv_field(r, 2, NULL));
	sr_csv_free(r);
}

Test(csv, errors_are_sticky)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_csv *r = NULL;
	bool got;

	cr_assert_eq(sr_csv_new_mem(&r, "a\"\nb\n", 5, NULL, &f), SR_OK);
	cr_assert_eq(sr_csv_next(r, &got, &f), SR_EINVAL);
	cr_assert_not(got);
	cr_assert_eq(sr_csv_next(r, &got, &f), SR_EINVAL);
	cr_assert_not(got);
	cr_assert(strstr(f.message.data, "line 1:"));
	sr_csv_free(r);
	sr_fail_release(&f);
}

Test(csv, header_lookup)
{
	static const char data[] = "\xef\xbb\xbf Id ,MINUTES,\"weight\",x,X\n"
				   "1,2,3,4,5\n";
	struct sr_csv *r = NULL;
	size_t idx = 99;
	bool got;

	cr_assert_eq(sr_csv_new_mem(&r, data, sizeof(data) - 1, NULL, NULL),
		     SR_OK);
	cr_assert_eq(sr_csv_read_header(r, NULL), SR_OK);
	cr_assert_eq(sr_csv_columns(r), 5);
	cr_assert_str_eq(sr_csv_column_name(r, 0), "Id");
	cr_assert_null(sr_csv_column_name(r, 5));
	cr_assert_eq(sr_csv_column(r, "id", &idx), SR_OK);
	cr_assert_eq(idx, 0);
	cr_assert_eq(sr_csv_column(r, "minutes", &idx), SR_OK);
	cr_assert_eq(idx, 1);
	cr_assert_eq(sr_csv_column(r, "Weight", &idx), SR_OK);
	cr_assert_eq(idx, 2);
	cr_assert_eq(sr_csv_column(r, "due", &idx), SR_ENOTFOUND);
	cr_assert_eq(sr_csv_column(r, "x", &idx), SR_ECONFLICT);
	cr_assert_eq(sr_csv_next(r, &got, NULL), SR_OK);
	cr_assert(got);
	cr_assert_eq(sr_csv_line(r), 2);
	cr_assert_str_eq(sr_csv_field(r, 4, NULL), "5");
	cr_assert_eq(sr_csv_next(r, &got, NULL), SR_OK);
	cr_assert_not(got);
	sr_csv_free(r);
}

Test(csv, empty_input_has_no_header)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_csv *r = NULL;

	cr_assert_eq(sr_csv_new_mem(&r, "\n\n", 2, NULL, &f), SR_OK);
	cr_assert_eq(sr_csv_read_header(r, &f), SR_EINVAL);
	cr_assert(strstr(f.message.data, "empty"), "%s", f.message.data);
	sr_csv_free(r);
	sr_fail_release(&f);
}

/* Read data through a FILE* and dump it the way dump() does. */
static enum sr_err dump_file(const char *data, size_t len, char *out,
			     size_t outsz)
{
	FILE *fp = tmpfile();
	struct sr_csv *r = NULL;
	enum sr_err err;
	size_t k = 0;
	bool got;

	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(data, 1, len, fp), len);
	rewind(fp);
	cr_assert_eq(sr_csv_new_file(&r, fp, NULL, NULL), SR_OK);
	out[0] = '\0';
	while (!(err = sr_csv_next(r, &got, NULL)) && got) {
		k += (size_t)snprintf(out + k, outsz - k,
				      "%ld:", sr_csv_line(r));
		for (size_t i = 0; i < sr_csv_nfields(r); i++) {
			size_t flen;
			const char *s = sr_csv_field(r, i, &flen);

			cr_assert_lt(k + flen + 2, outsz);
			if (i)
				out[k++] = '|';
			memcpy(out + k, s, flen);
			k += flen;
		}
		out[k++] = '\n';
		out[k] = '\0';
	}
	sr_csv_free(r);
	fclose(fp);
	return err;
}

/*
 * Random CSV-like text of a few hundred KiB, so that quotes, CRLF pairs
 * and the BOM fall across the reader's 64 KiB chunks: the file reader and
 * the memory reader must agree record for record, error for error.
 */
Test(csv, file_and_memory_agree_across_chunks)
{
	static const char alphabet[] = "ab,\"\r\n \"\"";
	size_t len = 300000, outsz = 4 * len;
	char *data = malloc(len), *a = malloc(outsz), *b = malloc(outsz);
	uint64_t x = 12345;

	cr_assert(data && a && b);
	for (int round = 0; round < 6; round++) {
		enum sr_err ea, eb;

		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			/* Mostly letters; round 0..2 without stray quotes. */
			size_t pick = (size_t)(x >> 33) % 40;

			data[i] = pick < sizeof(alphabet) - 1 ? alphabet[pick]
							      : 'x';
			if (round < 3 && data[i] == '"')
				data[i] = 'q';
		}
		if (round == 1) {
			/* Quoted fields spanning chunk boundaries. */
			for (size_t at = 65530; at < len; at += 65536) {
				data[at - 1] = ',';
				data[at] = '"';
				data[at + 20] = '"';
				data[at + 21] = ',';
			}
		}
		if (round == 2)
			memcpy(data, "\xef\xbb\xbf", 3);
		ea = dump(data, len, NULL, a, outsz, NULL);
		eb = dump_file(data, len, b, outsz);
		cr_assert_eq(ea, eb, "round %d", round);
		cr_assert_str_eq(a, b, "round %d", round);
	}
	free(data);
	free(a);
	free(b);
}

/* ---- text that is not UTF-8 ------------------------------------------- */

Test(csv, refuses_a_field_that_is_not_utf8_naming_its_line)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_csv_opts o = SR_CSV_OPTS_INIT;
	static const char bad1[] = "a,b\nCaf\xc3\xa9,1\nCaf\xe9,2\n";
	static const char bad2[] = "a,b\n1,\"x\r\ny\nz\x92\"\n";
	static const char bad3[] = "\xe2\x82,x\n", bad4[] = "Caf\xe9,2\n";
	char out[256];

	cr_assert_eq(dump(bad1, strlen(bad1), NULL, out,
			  sizeof(out), &f),
		     SR_EINVAL);
	cr_assert_str_eq(f.code, "bad_encoding");
	cr_assert_str_eq(f.message.data,
			 "line 3: field 1 is not UTF-8 text (byte 0xE9)");
	/* Inside a quoted field, the line of the bad byte itself. */
	cr_assert_eq(dump(bad2, strlen(bad2), NULL, out,
			  sizeof(out), &f),
		     SR_EINVAL);
	cr_assert_str_eq(f.message.data,
			 "line 4: field 2 is not UTF-8 text (byte 0x92)");
	/* A sequence cut by the field's end is not UTF-8 either. */
	cr_assert_eq(dump(bad3, strlen(bad3), NULL, out, sizeof(out), &f),
		     SR_EINVAL);
	cr_assert_str_eq(f.message.data,
			 "line 1: field 1 is not UTF-8 text (byte 0xE2)");
	/* A reader told so passes the bytes on as they are. */
	o.utf8 = false;
	cr_assert_eq(dump(bad4, strlen(bad4), &o, out, sizeof(out), &f), SR_OK);
	cr_assert_str_eq(out, "1:Caf\xe9|2\n");
	sr_fail_release(&f);
}

/* ---- cells a spreadsheet opens safely and smallrun reads back ----------- */

Test(csv, guarded_cells_read_back_exactly)
{
	static const char *const texts[] = {
		"=1+1", "'=1+1", "+44 20", "-3", "@SUM(A1)", "\tx", "\rx",
		"'", "''", "'abc", "''=x", "plain", "a,b", "say \"hi\"",
		" padded ", "line\nbreak", "=\"quoted\",comma", "", "'\t",
	};
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	struct sr_csv *r = NULL;
	bool got;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		sr_csv_put_cell(&b, texts[i], strlen(texts[i]), true, true);
		sr_csv_put_cell(&b, texts[i], strlen(texts[i]), false, false);
		sr_buf_adds(&b, "\r\n");
	}
	cr_assert_eq(b.err, 0);
	cr_assert_eq(sr_csv_new_mem(&r, b.data, b.len, NULL, &f), SR_OK);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *text, *raw;

		cr_assert_eq(sr_csv_next(r, &got, &f), SR_OK, "%s",
			     f.message.data);
		cr_assert(got);
		text = sr_csv_field(r, 0, NULL);
		raw = sr_csv_field(r, 1, NULL);
		/* Read back: the text exactly. */
		cr_assert_str_eq(sr_csv_unguard(text), texts[i], "cell %zu", i);
		cr_assert_str_eq(raw, texts[i]);
		/* As a spreadsheet sees it: nothing it would run. */
		cr_assert(!strchr("=+-@\t\r", text[0]) || !text[0],
			  "cell %zu starts with 0x%02x", i, text[0]);
		cr_assert_eq(text[0] == '\'', sr_csv_needs_guard(texts[i]));
	}
	cr_assert_eq(sr_csv_next(r, &got, &f), SR_OK);
	cr_assert(!got);
	/* A cell typed as 'abc in a spreadsheet keeps its apostrophe. */
	cr_assert_str_eq(sr_csv_unguard("'abc"), "'abc");
	cr_assert_str_eq(sr_csv_unguard("'=x"), "=x");
	sr_csv_free(r);
	sr_buf_release(&b);
	sr_fail_release(&f);
}
