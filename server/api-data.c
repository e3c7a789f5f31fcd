/*
 * api-data.c - the maker's own data to take away: each kind of record as
 * the CSV file `smallrun export` writes, the invoices as one more, and a
 * copy of the whole database. All are downloads (Content-Disposition:
 * attachment), each read in one transaction, so one moment's records.
 * Each is bounded by the response limit (SR_HTTP_RESP_MAX): past it the
 * answer is 413.
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/invoice.h"
#include "smallrun/store.h"
#include "smallrun/transfer.h"

/* GET /api/v1/export/{kind}.csv: "products.csv", as the CLI writes it. */
void api_export(struct api_call *c)
{
	enum sr_err err = sr_export_csv_one(c->app->store, (enum sr_res)c->res,
					    &c->resp->body, &c->fail);

	if (err) {
		api_fail(c, &c->fail);
		return;
	}
	c->resp->status = 200;
	c->resp->content_type = "text/csv; charset=utf-8";
	snprintf(c->resp->filename, sizeof(c->resp->filename), "%s.csv",
		 sr_res_name((enum sr_res)c->res));
}

/* GET /api/v1/export/invoices.csv: every invoice, for the accountant. */
void api_export_invoices(struct api_call *c)
{
	if (sr_invoice_csv(c->app->store, &c->resp->body, &c->fail)) {
		api_fail(c, &c->fail);
		return;
	}
	c->resp->status = 200;
	c->resp->content_type = "text/csv; charset=utf-8";
	snprintf(c->resp->filename, sizeof(c->resp->filename),
		 "invoices.csv");
}

/* GET /api/v1/backup: the database file, "smallrun-YYYY-MM-DD.sqlite". */
void api_backup(struct api_call *c)
{
	char day[11];
	int64_t today;
	int minute;

	if (sr_store_snapshot(c->app->store, &c->resp->body, &c->fail)) {
		api_fail(c, &c->fail);
		return;
	}
	sr_local_time((int64_t)time(NULL), &today, &minute);
	sr_date_format(today, day);
	c->resp->status = 200;
	c->resp->content_type = "application/vnd.sqlite3";
	snprintf(c->resp->filename, sizeof(c->resp->filename),
		 "smallrun-%s.sqlite", day);
}
