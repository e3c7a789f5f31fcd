/*
 * api.h - what route handlers share: the call they are given and the one
 * set of helpers through which they answer.
 */
#ifndef SMALLRUN_SERVER_API_H
#define SMALLRUN_SERVER_API_H

#include <stdint.h>

#include "http.h"
#include "smallrun/accounts.h"
#include "smallrun/auth.h"
#include "smallrun/err.h"
#include "smallrun/query.h"
#include "smallrun/records.h"

struct sr_app; /* server.h: what the server was started with */

/*
 * Where the dispatcher puts a checked query parameter: route.c declares, for
 * each route, which parameters it takes, their types and bounds, and the
 * slot each one fills. Handlers read the slots and never parse query text.
 */
enum api_arg {
	ARG_LIMIT,     /* int: a page's size */
	ARG_OFFSET,    /* int: a page's start */
	ARG_PRODUCT,   /* id: a product */
	ARG_FROM,      /* date, as days since 1970-01-01 */
	ARG_DAYS,      /* int: how many days */
	ARG_WORKER,    /* text */
	ARG_CODE,      /* text: a batch code */
	ARG_LOT,       /* text: a supplier's lot */
	ARG_Q,	       /* text: what a picker's user has typed so far */
	ARG_NAME,      /* text: a file name */
	ARG_CREATE,    /* bool: 0 or 1 */
	ARG_ENCODING,  /* enum: a file's encoding (text.h's names) */
	ARG_PREVIEW,   /* bool: say what would be done, do nothing */
	ARG_RETIRED,   /* int 0 or 1: retired products too, as lists take it */
	ARG_KEY,       /* text: a calendar key (read by api-auth.c) */
	ARG_ACTOR,     /* text: who, in the audit log */
	ARG_RESOURCE,  /* text: what kind of record, in the audit log */
	ARG_RECORD,    /* id: which record, in the audit log */
	ARG_QUANTITY,  /* int: how many units */
	ARG_SOON_DAYS, /* int: how many days ahead a date is "soon" */
	ARG_LAYOUT,    /* enum: a label layout (label.h's names) */
	ARG_COPIES,    /* int: how many labels */
	ARG_START,     /* int: the first label used on the first sheet */
	ARG_MADE,      /* int: a batch's made quantity to work out for */
	ARG_CUSTOMER,  /* id: a customer (invoices) */
	ARG_ORDER,     /* id: an order (invoices) */
	ARG_UNPAID,    /* bool: only invoices not paid nor void */
	ARG_OVERDUE,   /* bool: only those unpaid past their due date */
	ARG__MAX
};

struct api_args {
	struct {
		bool given;
		int64_t n;     /* int, id, bool (0/1), date (days) */
		const char *s; /* the text as sent (decoded), into q */
	} v[ARG__MAX];
	/* A list route's filters (text, each checked), for sr_rec_list(). */
	struct sr_list_query list;
	struct sr_query q; /* the decoded query the texts point into */
};

struct api_call {
	const struct sr_http_req *req;
	struct sr_http_resp *resp;
	struct sr_app *app;
	int64_t id; /* the {id} path segment, for routes that have one */
	int res;    /* the enum sr_res a generic record route serves */
	struct api_args args; /* the query, checked against the route */
	/* For the handler's library calls; the dispatcher releases it. */
	struct sr_fail fail;
	/* Who is asking (api_authorize()): id 0 is nobody's account, with
	 * the owner's role on a server that has no accounts yet. */
	struct sr_who who;
};

typedef void (*api_fn)(struct api_call *c);

/* A checked parameter's number, or dflt when it was not given. */
int64_t api_arg_int(const struct api_call *c, enum api_arg a, int64_t dflt);
/* A checked parameter's text, or NULL when it was not given. */
const char *api_arg_text(const struct api_call *c, enum api_arg a);

/* The HTTP status for a library error: the only place that decides it. */
int api_status(enum sr_err err);

/* Answer with a JSON document already in c->resp->body and this status. */
void api_json(struct api_call *c, int status);

/* Answer with the error shape {"error": {code, message, field?}}. */
void api_fail(struct api_call *c, const struct sr_fail *f);
void api_error(struct api_call *c, int status, const char *code,
	       const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Answer with the outcome of a library call that wrote JSON into
 * c->resp->body: that document with status when err is SR_OK, else the
 * error in c->fail.
 */
void api_answer(struct api_call *c, enum sr_err err, int status);

/*
 * Who is asking, and may they do what need asks (api-auth.c), before the
 * query is looked at. With no account yet: anyone on this machine, as the
 * owner, and nobody from elsewhere. Once one exists: a session cookie
 * (its unsafe requests carrying "X-Smallrun: 1"), a Bearer token, or, where
 * calendar is set (plan.ics), a calendar key as ?key=. Fills c->who and
 * the thread's actor (auth.h) and returns true; else answers 401, 403 or
 * 500 and returns false. SR_NEED_NONE looks at no credential.
 */
bool api_authorize(struct api_call *c, enum sr_need need, bool calendar);
/* Forget the thread's actor once the answer is made. */
void api_authorize_end(struct api_call *c);

/* The dispatcher (route.c): the http.c handler for the whole server. */
void api_dispatch(const struct sr_http_req *req, struct sr_http_resp *resp);
/*
 * The route table's rows, for tests that try every route: how many, and
 * row i's pattern, method and need (false for the catch-all without a
 * handler).
 */
size_t api_route_count(void);
bool api_route_row(size_t i, const char **pattern, const char **method,
		   enum sr_need *need);
/* The largest body a route takes (route.c): struct sr_http_opts body_limit. */
size_t api_body_limit(void *app, const char *method, const char *path);

/* Handlers, one file per resource. */
void api_invoices(struct api_call *c); /* api-invoices.c */
void api_invoice_sales(struct api_call *c);
void api_invoice_order(struct api_call *c);
void api_invoice_get(struct api_call *c);
void api_invoice_paid(struct api_call *c);
void api_invoice_void(struct api_call *c);
void api_invoice_pdf(struct api_call *c);
void api_receipt(struct api_call *c);
void api_receipt_pdf(struct api_call *c);
void api_questions(struct api_call *c); /* api-advise.c */
void api_advice(struct api_call *c);
/* Free the advice answers kept in memory (at shutdown). */
void api_advise_release(void);
void api_asset(struct api_call *c); /* assets.c */
void api_list(struct api_call *c);  /* api-records.c */
void api_create(struct api_call *c);
void api_get(struct api_call *c);
void api_update(struct api_call *c);
void api_update_many(struct api_call *c);
void api_delete(struct api_call *c);
void api_batch_materials(struct api_call *c);
void api_batch_material_add(struct api_call *c);
void api_trace_batch(struct api_call *c);
void api_trace(struct api_call *c);
void api_stock(struct api_call *c);
void api_lots(struct api_call *c);
void api_schema(struct api_call *c);
void api_economics(struct api_call *c); /* api-economics.c */
void api_plan(struct api_call *c);      /* api-plan.c */
void api_plan_ics(struct api_call *c);
void api_promise(struct api_call *c);
void api_economics_product(struct api_call *c);
void api_economics_what_if(struct api_call *c);
void api_settings_get(struct api_call *c);
void api_settings_put(struct api_call *c);
void api_timer_start(struct api_call *c);
void api_timer_stop(struct api_call *c);
void api_timer_status(struct api_call *c);
void api_sales_import(struct api_call *c); /* api-sales.c */
void api_forecast(struct api_call *c);
void api_recipe(struct api_call *c); /* api-recipe.c */
void api_export(struct api_call *c); /* api-data.c */
void api_export_invoices(struct api_call *c);
void api_backup(struct api_call *c);
void api_demo_status(struct api_call *c); /* api-demo.c */
void api_demo_fill(struct api_call *c);
void api_demo_remove(struct api_call *c);
void api_session_get(struct api_call *c); /* api-auth.c */
void api_session_login(struct api_call *c);
void api_session_logout(struct api_call *c);
void api_setup(struct api_call *c);
void api_signup(struct api_call *c);
void api_sessions(struct api_call *c);
void api_sessions_end(struct api_call *c);
void api_session_end(struct api_call *c);
void api_tokens(struct api_call *c);
void api_token_create(struct api_call *c);
void api_token_revoke(struct api_call *c);
void api_password_change(struct api_call *c);
void api_accounts(struct api_call *c);
void api_account_create(struct api_call *c);
void api_account_update(struct api_call *c);
void api_account_remove(struct api_call *c);
void api_account_reset(struct api_call *c);
void api_audit(struct api_call *c);
void api_addresses(struct api_call *c); /* api-addresses.c */
void api_purchase_receive(struct api_call *c); /* api-goods-in.c */
void api_to_buy(struct api_call *c);
void api_to_buy_orders(struct api_call *c);
/* Making takes from stock, and a batch's real cost (api-consume.c). */
void api_batch_consumption(struct api_call *c);
void api_batch_done(struct api_call *c);
void api_order_consumption(struct api_call *c);
void api_order_done(struct api_call *c);
void api_batch_cost(struct api_call *c);
void api_ingredients(struct api_call *c); /* api-labels.c */
void api_label(struct api_call *c);
void api_labels_pdf(struct api_call *c);
/* Quotes of custom orders (api-quotes.c). */
void api_quote_make(struct api_call *c);
void api_quote_accept(struct api_call *c);
void api_quote_withdraw(struct api_call *c);
void api_quote_pdf(struct api_call *c);

#endif
