/*
 * doc.h - a business document (a quote, an invoice, a receipt) as an A4
 * PDF: drawn with cairo and laid out with pango, in the same embedded
 * fonts as the labels (label.h), so that pdftotext reads back every word
 * and figure and pdffonts shows the fonts embedded.
 *
 * The caller says what the document says, every text and figure already
 * decided (the quote's and invoice's modules read the records and work
 * out the VAT, vat.h); this module only lays it out: the business at the
 * top (name, address, VAT number), the title and reference, the facts (a
 * column of label and value: "Issued", "Due", "Valid until"), who it is
 * to, the lines as a table (what, quantity, price of one, VAT rate, net),
 * the totals (without VAT, VAT, with VAT; one total when no VAT is
 * charged), then paragraphs (terms, how to pay). A table longer than a
 * page goes on to the next, its header again, and each page says "Page N
 * of M". Money is pence, written with the currency's sign (GBP "£", EUR
 * "€", USD "$", others their code) and thousands grouped: 123456 GBP is
 * "£1,234.56".
 */
#ifndef SMALLRUN_DOC_H
#define SMALLRUN_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* One row of the facts: "Invoice date" and "3 December 2026". */
struct sr_doc_fact {
	const char *label, *value;
};

/* One line of the table. */
struct sr_doc_line {
	const char *what;   /* "Oak dining table, 180 cm" (wraps) */
	int64_t quantity;   /* > 0 */
	int64_t unit_price; /* pence, without VAT */
	int vat_bp;	    /* its rate; not shown when !vat_shown */
	int64_t net;	    /* pence: quantity × unit_price */
};

struct sr_doc {
	const char *title;     /* "Quote", "Invoice", "Receipt" */
	const char *reference; /* "Invoice 17", "Quote Q-4"; or NULL */
	/* The business: name, address (lines separated by '\n'; or NULL),
	 * VAT number (NULL: not registered). */
	const char *from_name, *from_address, *from_vat_number;
	/* To whom: a name and lines as the address; or NULL. */
	const char *to_name, *to_lines;
	const struct sr_doc_fact *facts;
	size_t n_facts;
	const struct sr_doc_line *lines;
	size_t n_lines;
	const char *currency; /* ISO 4217, "GBP" */
	/* Totals: net, VAT and gross (net + vat). With !vat_shown the table
	 * has no VAT column and one total, gross, is shown as "Total". */
	bool vat_shown;
	int64_t net, vat, gross;
	/* A word beside the totals ("Paid 4 December 2026", "Void"), or
	 * NULL. */
	const char *stamp;
	/* Paragraphs after the totals, each with a heading or NULL:
	 * {"Terms", "..."}, {"How to pay", "..."}. */
	const struct sr_doc_fact *notes;
	size_t n_notes;
};

/* The most lines a document takes (a page holds some 25). */
#define SR_DOC_LINES_MAX 500

/*
 * d as a PDF, appended to out. SR_EINVAL for a document out of bounds
 * (more than SR_DOC_LINES_MAX lines, a line of quantity <= 0), SR_ETOOBIG
 * past out's maximum, SR_ENOMEM; f says which.
 */
enum sr_err sr_doc_pdf(const struct sr_doc *d, struct sr_buf *out,
		       struct sr_fail *f);

/* Room for any amount sr_doc_money() writes. */
#define SR_DOC_MONEY_TEXT 40

/* minor pence of currency as the documents write it: "£1,234.56",
 * "-£0.05", "CHF 12.00". Returns out. */
char *sr_doc_money(int64_t minor, const char *currency,
		   char out[static SR_DOC_MONEY_TEXT]);

/* An ISO date "2026-12-03" as the documents write it, "3 December 2026",
 * into out (at least 20 bytes); an unreadable one is copied as it is. */
char *sr_doc_date(const char *iso, char *out, size_t size);

#endif
