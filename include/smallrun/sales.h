/*
 * sales.h - a sales history read from CSV, as units per product per day,
 * ready for forecast.h.
 *
 * Two shapes of file are read, told apart by their header (names in any
 * case, any order, other columns ignored; the CSV itself as csv.h reads
 * it: BOM, CRLF, quotes):
 *
 *   date,product,quantity       one row per product and day (or more: they
 *                               add up); quantity 0 to SR_FC_MAX_UNITS
 *   Date,Time,Transaction,Item  a till's log, one row per item sold; with
 *                               no quantity column every row is one unit,
 *                               and "item" stands for "product"
 *
 * Dates are YYYY-MM-DD. A product called NONE (any case) is a line with no
 * item and is skipped. Every row that names a product marks its day open,
 * even with quantity 0; a day between the first and the last with no such
 * row is a day the shop was closed.
 */
#ifndef SMALLRUN_SALES_H
#define SMALLRUN_SALES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smallrun/err.h"
#include "smallrun/forecast.h"

struct sr_sales;

/* The longest product name, in bytes. */
#define SR_SALES_MAX_NAME 200
/* The most products in one file. */
#define SR_SALES_MAX_PRODUCTS 100000

/*
 * Read a sales file from fp (the caller closes it) or from the len bytes at
 * data. name is the file's name for messages, which read "NAME, line N:
 * what is wrong". On SR_OK *out is the history, to free with
 * sr_sales_free(); else *out is NULL and the error is SR_EINVAL (bad
 * input), SR_ETOOBIG (over a limit), SR_EIO or SR_ENOMEM.
 */
enum sr_err sr_sales_read(struct sr_sales **out, FILE *fp, const char *name,
			  struct sr_fail *f);
enum sr_err sr_sales_read_mem(struct sr_sales **out, const char *data,
			      size_t len, const char *name, struct sr_fail *f);

/* Free everything; NULL is fine. */
void sr_sales_free(struct sr_sales *s);

/* The first and last day with a sale (day numbers, inclusive). */
void sr_sales_span(const struct sr_sales *s, int64_t *first, int64_t *last);

/* The number of products, product i's name and its units over all days. */
size_t sr_sales_count(const struct sr_sales *s);
const char *sr_sales_name(const struct sr_sales *s, size_t i);
int64_t sr_sales_total(const struct sr_sales *s, size_t i);
/* The file's rows that name product i (a till's log: one a unit sold). */
int64_t sr_sales_rows(const struct sr_sales *s, size_t i);

/*
 * Find a product by name: the exact name, else the one name equal to it
 * ignoring ASCII case. SR_ENOTFOUND when there is none, SR_ECONFLICT when
 * several differ from it only in case.
 */
enum sr_err sr_sales_find(const struct sr_sales *s, const char *name,
			  size_t *idx);

/*
 * Up to max products whose names are close to name (a few letters apart,
 * ignoring case, or one inside the other), closest first; returns how many
 * were put in idx.
 */
size_t sr_sales_similar(const struct sr_sales *s, const char *name, size_t *idx,
			size_t max);

/*
 * Product i's k-th day in the file (k from 0, in date order) and the units
 * its rows add up to on that day, 0 when they said 0. False past the last.
 */
bool sr_sales_entry(const struct sr_sales *s, size_t i, size_t k,
		    int64_t *day, int64_t *units);

/*
 * Product i's history over the file's span, with the shop's open days.
 * The arrays belong to s and live as long as it does. SR_ENOMEM.
 */
enum sr_err sr_sales_history(struct sr_sales *s, size_t i,
			     struct sr_fc_history *h, struct sr_fail *f);

#endif
