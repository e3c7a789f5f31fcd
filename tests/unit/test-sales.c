/*
 * test-sales.c - reading sales files into units per product per day: both
 * shapes of file, open and closed days, the CSV's quoting and line ends,
 * errors that name the file and line, and finding products by name.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smallrun/date.h"
#include "smallrun/sales.h"

static int64_t day(const char *s)
{
	int64_t d;

	cr_assert_eq(sr_date_parse(s, strlen(s), &d), SR_OK, "%s", s);
	return d;
}

static struct sr_sales *read_ok(const char *text)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_sales *s = NULL;

	cr_assert_eq(sr_sales_read_mem(&s, text, strlen(text), "t.csv", &f),
		     SR_OK, "%s", f.message.data);
	sr_fail_release(&f);
	return s;
}

static void read_bad(const char *text, enum sr_err want, const char *msg)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_sales *s = (struct sr_sales *)1;

	cr_assert_eq(sr_sales_read_mem(&s, text, strlen(text), "t.csv", &f),
		     want, "[%s]: %s", text, f.message.data);
	cr_assert_null(s);
	cr_assert(strstr(f.message.data, msg), "[%s]: '%s' has no '%s'", text,
		  f.message.data, msg);
	sr_fail_release(&f);
}

/* Units of product name on date, through the history. */
static int64_t units(struct sr_sales *s, const char *name, const char *date)
{
	struct sr_fc_history h;
	size_t i;

	cr_assert_eq(sr_sales_find(s, name, &i), SR_OK, "%s", name);
	cr_assert_eq(sr_sales_history(s, i, &h, NULL), SR_OK);
	return h.units[day(date) - h.first];
}

static bool open_on(struct sr_sales *s, const char *date)
{
	struct sr_fc_history h;

	cr_assert_eq(sr_sales_history(s, 0, &h, NULL), SR_OK);
	return h.open[day(date) - h.first];
}

Test(sales, date_product_quantity)
{
	struct sr_sales *s = read_ok("date,product,quantity\n"
				     "2024-03-01,Bread,10\n"
				     "2024-03-01,Cake,2\n"
				     "2024-03-01,Bread,5\n"
				     "2024-03-04,Cake,0\n"
				     "2024-03-02,Bread,7\n");
	int64_t first, last;

	sr_sales_span(s, &first, &last);
	cr_assert_eq(first, day("2024-03-01"));
	cr_assert_eq(last, day("2024-03-04"));
	cr_assert_eq(sr_sales_count(s), 2);
	cr_assert_eq(units(s, "Bread", "2024-03-01"), 15);
	cr_assert_eq(units(s, "Bread", "2024-03-02"), 7);
	cr_assert_eq(units(s, "Bread", "2024-03-04"), 0);
	cr_assert_eq(units(s, "Cake", "2024-03-01"), 2);
	/* A row with quantity 0 still says the shop was open; a day with
	 * no row at all says it was shut. */
	cr_assert(open_on(s, "2024-03-01"));
	cr_assert(open_on(s, "2024-03-02"));
	cr_assert_not(open_on(s, "2024-03-03"));
	cr_assert(open_on(s, "2024-03-04"));
	cr_assert_eq(sr_sales_total(s, 0) + sr_sales_total(s, 1), 24);
	sr_sales_free(s);
}

Test(sales, till_log_one_row_per_item)
{
	struct sr_sales *s = read_ok("Date,Time,Transaction,Item\n"
				     "2016-10-30,09:58:11,1,Bread\n"
				     "2016-10-30,10:05:34,2,Scandinavian\n"
				     "2016-10-30,10:05:34,2,Scandinavian\n"
				     "2016-10-30,10:07:57,3,NONE\n"
				     "2016-11-01,10:08:41,4,Bread\n"
				     "2016-11-02,10:08:41,5,none\n");
	int64_t first, last;

	cr_assert_eq(units(s, "Bread", "2016-10-30"), 1);
	cr_assert_eq(units(s, "Scandinavian", "2016-10-30"), 2);
	cr_assert_eq(units(s, "Bread", "2016-11-01"), 1);
	cr_assert_eq(sr_sales_count(s), 2, "NONE is no product");
	/* A day of only NONE rows sold nothing: it is not in the span. */
	sr_sales_span(s, &first, &last);
	cr_assert_eq(last, day("2016-11-01"));
	cr_assert_not(open_on(s, "2016-10-31"));
	sr_sales_free(s);
}

Test(sales, csv_dressing_and_header_case)
{
	/* BOM, CRLF, quotes, spaces, extra columns, any column order. */
	struct sr_sales *s = read_ok("\xef\xbb\xbfNote,QUANTITY, Product ,DATE\r\n"
				     "\"a, b\",3,\"Pain au \"\"chocolat\"\"\","
				     "2024-01-05\r\n"
				     "x, 4 , Bread ,2024-01-05\r\n");

	cr_assert_eq(units(s, "Pain au \"chocolat\"", "2024-01-05"), 3);
	cr_assert_eq(units(s, "Bread", "2024-01-05"), 4);
	sr_sales_free(s);
}

Test(sales, bad_input_names_file_and_line)
{
	read_bad("date,product,quantity\n2024-01-01,Bread,1\n2024-13-01,Bread,1\n",
		 SR_EINVAL, "t.csv, line 3: '2024-13-01' is not a date");
	read_bad("date,product,quantity\n2024-01-01,Bread,-1\n", SR_EINVAL,
		 "t.csv, line 2: the quantity '-1'");
	read_bad("date,product,quantity\n2024-01-01,Bread,2.5\n", SR_EINVAL,
		 "line 2");
	read_bad("date,product,quantity\n2024-01-01,Bread,99999999\n",
		 SR_EINVAL, "from 0 to");
	read_bad("date,product,quantity\n2024-01-01,,1\n", SR_EINVAL,
		 "line 2: the product is empty");
	read_bad("date,product,quantity\n2024-01-01,Bread\n", SR_EINVAL,
		 "line 2: the row has 2 fields");
	read_bad("when,what\n2024-01-01,Bread\n", SR_EINVAL,
		 "t.csv, line 1: the header needs a date");
	read_bad("date,product,date\n2024-01-01,Bread,2024-01-01\n", SR_EINVAL,
		 "two columns are called 'date'");
	read_bad("date,product\n", SR_EINVAL, "t.csv holds no sales");
	read_bad("", SR_EINVAL, "t.csv, line 1");
	read_bad("date,product\n2024-01-01,\"Bread\n", SR_EINVAL,
		 "t.csv, line 2");
	read_bad("date,product\n1901-01-01,Bread\n2024-01-01,Bread\n",
		 SR_ETOOBIG, "span more than");
	read_bad("date,product,quantity\n2024-01-01,Bread,600000\n"
		 "2024-01-01,Bread,600000\n",
		 SR_ETOOBIG, "more than 1000000 units of 'Bread' on 2024-01-01");
}

Test(sales, find_and_suggest)
{
	struct sr_sales *s = read_ok("date,item\n"
				     "2024-01-01,Bread\n"
				     "2024-01-01,Bread\n"
				     "2024-01-01,Brownie\n"
				     "2024-01-01,Coffee\n"
				     "2024-01-01,Medialuna\n"
				     "2024-01-01,cake\n"
				     "2024-01-01,Cake\n");
	size_t i, near[5], n;

	cr_assert_eq(sr_sales_find(s, "Bread", &i), SR_OK);
	cr_assert_str_eq(sr_sales_name(s, i), "Bread");
	cr_assert_eq(sr_sales_find(s, "BREAD", &i), SR_OK);
	cr_assert_str_eq(sr_sales_name(s, i), "Bread");
	cr_assert_eq(sr_sales_find(s, "Cake", &i), SR_OK);
	cr_assert_str_eq(sr_sales_name(s, i), "Cake");
	cr_assert_eq(sr_sales_find(s, "CAKE", &i), SR_ECONFLICT);
	cr_assert_eq(sr_sales_find(s, "Bred", &i), SR_ENOTFOUND);

	n = sr_sales_similar(s, "Bred", near, 5);
	cr_assert_geq(n, 1);
	cr_assert_str_eq(sr_sales_name(s, near[0]), "Bread");
	n = sr_sales_similar(s, "medialunas", near, 5);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(sr_sales_name(s, near[0]), "Medialuna");
	cr_assert_eq(sr_sales_similar(s, "Xylophone", near, 5), 0);
	cr_assert_eq(sr_sales_similar(s, "Bread", near, 1), 1);
	sr_sales_free(s);
}

Test(sales, file_and_memory_agree)
{
	static const char text[] = "date,product,quantity\n"
				   "2024-02-01,Bread,3\n"
				   "2024-02-03,Bread,4\n";
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_sales *s = NULL;
	FILE *fp = fmemopen((void *)text, sizeof(text) - 1, "r");

	cr_assert_not_null(fp);
	cr_assert_eq(sr_sales_read(&s, fp, "mem", &f), SR_OK, "%s",
		     f.message.data);
	fclose(fp);
	cr_assert_eq(units(s, "Bread", "2024-02-03"), 4);
	cr_assert_not(open_on(s, "2024-02-02"));
	sr_sales_free(s);
	sr_fail_release(&f);
}

Test(sales, many_products_hash_well)
{
	char *text = malloc(1 << 20), name[32];
	size_t len;
	struct sr_sales *s;
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_not_null(text);
	len = (size_t)snprintf(text, 64, "date,product,quantity\n");
	for (int i = 0; i < 5000; i++)
		len += (size_t)snprintf(text + len, 64,
					"2024-01-%02d,item %d,%d\n",
					1 + i % 28, i % 3000, i % 7);
	cr_assert_eq(sr_sales_read_mem(&s, text, len, "big", &f), SR_OK);
	cr_assert_eq(sr_sales_count(s), 3000);
	for (int i = 0; i < 3000; i += 97) {
		size_t idx;

		snprintf(name, sizeof(name), "item %d", i);
		cr_assert_eq(sr_sales_find(s, name, &idx), SR_OK);
		cr_assert_str_eq(sr_sales_name(s, idx), name);
	}
	sr_sales_free(s);
	free(text);
	sr_fail_release(&f);
}
