/*
 * test-doc.c - a business document's PDF (lib/doc.c) read back by the
 * tools a maker's computer has: pdftotext finds every text and figure in
 * order, pdffonts shows the fonts embedded, pdfinfo the A4 page; a long
 * table goes on over pages, its header again on each, each page numbered
 * "Page N of M". And money and dates written as the documents write them,
 * worked by hand.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "smallrun/doc.h"

TestSuite(doc);

Test(doc, money_is_grouped_with_its_sign)
{
	char t[SR_DOC_MONEY_TEXT];

	cr_expect_str_eq(sr_doc_money(123456, "GBP", t), "£1,234.56");
	cr_expect_str_eq(sr_doc_money(0, "GBP", t), "£0.00");
	cr_expect_str_eq(sr_doc_money(5, "GBP", t), "£0.05");
	cr_expect_str_eq(sr_doc_money(-5, "GBP", t), "-£0.05");
	cr_expect_str_eq(sr_doc_money(100000000, "EUR", t), "€1,000,000.00");
	cr_expect_str_eq(sr_doc_money(99999, "USD", t), "$999.99");
	cr_expect_str_eq(sr_doc_money(1200, "CHF", t), "CHF 12.00");
	cr_expect_str_eq(sr_doc_money(-123456789, NULL, t), "-1,234,567.89");
	/* The widest there is still fits. */
	cr_expect_str_eq(sr_doc_money(INT64_MIN, "CHF", t),
			 "-CHF 92,233,720,368,547,758.08");
}

Test(doc, dates_are_written_out)
{
	char t[32];

	cr_expect_str_eq(sr_doc_date("2026-12-03", t, sizeof(t)),
			 "3 December 2026");
	cr_expect_str_eq(sr_doc_date("2027-01-31", t, sizeof(t)),
			 "31 January 2027");
	cr_expect_str_eq(sr_doc_date("2026-13-01", t, sizeof(t)), "2026-13-01");
	cr_expect_str_eq(sr_doc_date(NULL, t, sizeof(t)), "");
}

/* d as a PDF in a file of its own; the caller removes and frees it. */
static char *pdf_file(const struct sr_doc *d)
{
	struct sr_buf out = SR_BUF_INIT(1 << 24);
	struct sr_fail f = SR_FAIL_INIT;
	char *path = strdup("/tmp/smallrun-doc-XXXXXX");
	int fd;

	cr_assert_not_null(path);
	cr_assert_eq(sr_doc_pdf(d, &out, &f), SR_OK, "%s", f.message);
	cr_assert_eq(memcmp(out.data, "%PDF-", 5), 0);
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, out.data, out.len), (ssize_t)out.len);
	close(fd);
	sr_buf_release(&out);
	return path;
}

/* Where needle is in hay from at, or the test fails. */
static const char *after(const char *hay, const char *at, const char *needle)
{
	const char *p = strstr(at, needle);

	cr_assert_not_null(p, "\"%s\" is not in the text after its place:\n%s",
			   needle, hay);
	return p + strlen(needle);
}

Test(doc, an_invoice_reads_back_in_order_with_its_fonts_embedded)
{
	/* 2 × £180.00 = £360.00 at 20 %, VAT £72.00; 12 × £2.40 = £28.80
	 * zero-rated. Without VAT £388.80, VAT £72.00, with £460.80. */
	static const struct sr_doc_fact facts[] = {
		{"Invoice date", "3 December 2026"},
		{"Due", "2 January 2027"},
	};
	static const struct sr_doc_line lines[] = {
		{"Oak stool, oiled", 2, 18000, 2000, 36000},
		{"Sourdough loaf", 12, 240, 0, 2880},
	};
	static const struct sr_doc_fact notes[] = {
		{"How to pay", "Bank transfer to 12-34-56 87654321, quoting "
			       "invoice 17."},
	};
	struct sr_doc d = {
		.title = "Invoice",
		.reference = "Invoice 17",
		.from_name = "Ash & Oak Workshop",
		.from_address = "Unit 3, Mill Yard\nAnytown AB1 2CD",
		.from_vat_number = "GB123456789",
		.to_name = "Hannah Patel",
		.to_lines = "hannah.patel@example.org",
		.facts = facts,
		.n_facts = 2,
		.lines = lines,
		.n_lines = 2,
		.currency = "GBP",
		.vat_shown = true,
		.net = 38880,
		.vat = 7200,
		.gross = 46080,
		.stamp = "Paid 4 December 2026",
		.notes = notes,
		.n_notes = 1,
	};
	char *file = pdf_file(&d);
	char *text = tool_output("pdftotext -enc UTF-8 -raw '%s' -", file);
	char *fonts = tool_output("pdffonts '%s'", file);
	char *info = tool_output("pdfinfo '%s'", file);
	const char *p = text;

	p = after(text, p, "Ash & Oak Workshop");
	p = after(text, p, "Unit 3, Mill Yard");
	p = after(text, p, "VAT number GB123456789");
	p = after(text, p, "Invoice");
	p = after(text, p, "Invoice 17");
	p = after(text, p, "Hannah Patel");
	p = after(text, p, "Invoice date");
	p = after(text, p, "3 December 2026");
	p = after(text, p, "Description");
	p = after(text, p, "VAT");
	p = after(text, p, "Oak stool, oiled");
	p = after(text, p, "£180.00");
	p = after(text, p, "20%");
	p = after(text, p, "£360.00");
	p = after(text, p, "Sourdough loaf");
	p = after(text, p, "£2.40");
	p = after(text, p, "0%");
	p = after(text, p, "£28.80");
	p = after(text, p, "Total without VAT");
	p = after(text, p, "£388.80");
	p = after(text, p, "£72.00");
	p = after(text, p, "Total with VAT");
	p = after(text, p, "£460.80");
	p = after(text, p, "How to pay");
	p = after(text, p, "Bank transfer to 12-34-56 87654321");
	cr_expect_not_null(strstr(text, "Paid 4 December 2026"));
	cr_expect_not_null(strstr(text, "Page 1 of 1"));
	/* A4, one page, and each font embedded (pdffonts' "emb" yes). */
	cr_expect_not_null(strstr(info, "Pages:"), "%s", info);
	cr_expect_eq(atoi(strstr(info, "Pages:") + strlen("Pages:")), 1);
	cr_expect_not_null(strstr(info, "Title:           Invoice 17\n"), "%s",
			   info);
	cr_expect_not_null(strstr(info, "595.28 x 841.89 pts (A4)"), "%s",
			   info);
	{
		size_t rows = 0;

		for (char *l = strtok(fonts, "\n"); l; l = strtok(NULL, "\n"))
			if (strstr(l, "DejaVuSans")) {
				rows++;
				cr_expect_not_null(strstr(l, " yes "), "%s", l);
			}
		cr_expect_geq(rows, 2, "regular and bold: %zu", rows);
	}
	unlink(file);
	free(file);
	free(text);
	free(fonts);
	free(info);
}

Test(doc, without_vat_there_is_one_total_and_no_vat_column)
{
	static const struct sr_doc_line lines[] = {
		{"Bike frame, 56 cm, steel", 1, 145000, 0, 145000},
	};
	struct sr_doc d = {
		.title = "Quote",
		.from_name = "Frame Works",
		.lines = lines,
		.n_lines = 1,
		.currency = "GBP",
		.net = 145000,
		.gross = 145000,
	};
	char *file = pdf_file(&d);
	char *text = tool_output("pdftotext -enc UTF-8 -raw '%s' -", file);
	const char *p = text;

	p = after(text, p, "Bike frame, 56 cm, steel");
	p = after(text, p, "£1,450.00");
	p = after(text, p, "Total");
	p = after(text, p, "£1,450.00");
	cr_expect_null(strstr(text, "VAT"), "no VAT anywhere:\n%s", text);
	unlink(file);
	free(file);
	free(text);
}

Test(doc, a_long_table_goes_on_over_pages_with_its_header)
{
	enum { N = 120 };
	struct sr_doc_line lines[N];
	char what[N][32];
	struct sr_doc d = {
		.title = "Invoice",
		.reference = "Invoice 9",
		.from_name = "Clay & Crumb",
		.lines = lines,
		.n_lines = N,
		.currency = "GBP",
	};
	char *file, *info, *all;
	int pages = 0;
	const char *p;

	for (int i = 0; i < N; i++) {
		snprintf(what[i], sizeof(what[i]), "Mug number %03d", i + 1);
		lines[i] = (struct sr_doc_line){what[i], 1, 2400, 0, 2400};
		d.net += 2400;
	}
	d.gross = d.net; /* 120 × £24.00 = £2,880.00 */
	file = pdf_file(&d);
	info = tool_output("pdfinfo '%s'", file);
	p = strstr(info, "Pages:");
	cr_assert_not_null(p);
	pages = atoi(p + strlen("Pages:"));
	/* A row is at least a line of 9.5 pt text, so an A4 page takes
	 * fewer than 60 of them: 120 need 3 pages or more. */
	cr_expect_geq(pages, 3, "%d pages", pages);
	for (int n = 1; n <= pages; n++) {
		char *t = tool_output("pdftotext -enc UTF-8 -raw -f %d -l %d "
				      "'%s' -",
				      n, n, file);
		char want[32];

		snprintf(want, sizeof(want), "Page %d of %d", n, pages);
		cr_expect_not_null(strstr(t, want), "page %d:\n%s", n, t);
		cr_expect_not_null(strstr(t, "Description"),
				   "the header on page %d", n);
		if (n > 1)
			cr_expect_not_null(
				strstr(t, "Invoice · Invoice 9, continued"),
				"page %d", n);
		free(t);
	}
	/* Every line once, in order, and the total on the last page. */
	all = tool_output("pdftotext -enc UTF-8 -raw '%s' -", file);
	p = all;
	for (int i = 0; i < N; i++)
		p = after(all, p, what[i]);
	p = after(all, p, "£2,880.00");
	unlink(file);
	free(file);
	free(info);
	free(all);
}

Test(doc, out_of_bounds_is_refused)
{
	struct sr_doc_line line = {"x", 0, 100, 0, 0};
	struct sr_doc d = {.title = "Receipt",
			   .from_name = "A",
			   .lines = &line,
			   .n_lines = 1};
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	cr_expect_eq(sr_doc_pdf(&d, &out, &f), SR_EINVAL);
	cr_expect_eq(out.len, 0);
	sr_fail_release(&f);
	d.n_lines = SR_DOC_LINES_MAX + 1;
	cr_expect_eq(sr_doc_pdf(&d, &out, &f), SR_EINVAL);
	sr_fail_release(&f);
	d.n_lines = 0;
	d.from_name = NULL;
	cr_expect_eq(sr_doc_pdf(&d, &out, &f), SR_EINVAL);
	sr_fail_release(&f);
	/* Too small a buffer: too big, not a broken file. */
	{
		struct sr_buf tiny = SR_BUF_INIT(100);
		struct sr_doc ok = {.title = "Receipt", .from_name = "A"};

		cr_expect_eq(sr_doc_pdf(&ok, &tiny, &f), SR_ETOOBIG);
		sr_fail_release(&f);
		sr_buf_release(&tiny);
	}
	sr_buf_release(&out);
}
