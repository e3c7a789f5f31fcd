/*
 * route.c - the route table and the one dispatcher.
 *
 * Before any handler runs, the dispatcher settles, in this order: is there
 * such a path (404), is the method allowed on it (405 with Allow), is the
 * body small enough (413) and of the right type (415), and does the query
 * hold only the parameters the route declares, each of its type and within
 * its bounds (400, param.h). Handlers then read checked values from
 * c->args and only check what their input means together.
 */
#include "compat.h"

#include "api.h"
#include "param.h"
#include "smallrun/demand.h"
#include "smallrun/label.h"
#include "smallrun/parse.h"
#include "smallrun/recipe.h"
#include "smallrun/records.h"
#include "smallrun/to-buy.h"

enum route_flags {
	ROUTE_JSON_BODY = 1 << 0, /* the body must be application/json */
	ROUTE_CSV_BODY = 1 << 1,  /* the body must be text/csv */
	ROUTE_BIG_BODY = 1 << 2,  /* the body may be up to ROUTE_BIG_MAX */
	ROUTE_FILTERS = 1 << 3,	  /* also the filters of resource {res} */
	ROUTE_ANY_QUERY = 1 << 4, /* the query is not looked at */
	/* with ROUTE_CSV_BODY: multipart/form-data too (form.h) */
	ROUTE_FORM_BODY = 1 << 5,
	ROUTE_CALENDAR = 1 << 6,  /* a calendar key (?key=) is a credential */
};

/* A sales file from a till: years of rows. */
#define ROUTE_BIG_MAX ((size_t)128 * 1024 * 1024)

/* The most parameters a route takes: a page and every filter of a list. */
#define ROUTE_MAX_PARAMS (2 + SR_LIST_MAX_FILTERS)

/*
 * One row per path and method; HEAD is served wherever GET is. params is
 * the query parameters it takes, ending with {0}; NULL takes none, so any
 * query is refused. need is what the caller's role must allow (auth.h),
 * checked before anything else about the request.
 */
struct route {
	const char *pattern; /* literal segments, "{id}", or a final "*" */
	const char *method;
	api_fn fn;
	unsigned flags;
	const struct api_param *params;
	enum sr_need need;
};

/* clang-format off */
#define INT(n, a, lo, hi) \
	{.name = (n), .arg = (a), .type = API_P_INT, .min = (lo), .max = (hi)}
#define ID(n, a, fl) {.name = (n), .arg = (a), .type = API_P_ID, \
	.flags = (fl), .min = 1, .max = INT64_MAX}
#define DATE(n, a) {.name = (n), .arg = (a), .type = API_P_DATE}
#define BOOL(n, a) {.name = (n), .arg = (a), .type = API_P_BOOL}
#define TEXT(n, a, lo, hi) \
	{.name = (n), .arg = (a), .type = API_P_TEXT, .min = (lo), .max = (hi)}
/* Checked as the field f of resource r is (its description). */
#define FIELD(n, a, r, f) \
	{.name = (n), .arg = (a), .type = API_P_FIELD, .res = (r), .field = (f)}

/* A page of a list (lib/query.c takes the same bounds). */
#define PAGE INT("limit", ARG_LIMIT, 1, SR_LIST_MAX), \
	INT("offset", ARG_OFFSET, 0, INT64_MAX / 2)

static const struct api_param list_params[] = {PAGE, {0}};
/* retired=1: retired products too, as a list of products takes it. */
#define RETIRED INT("retired", ARG_RETIRED, 0, 1)
/* soon_days: how far ahead a lot's date is flagged (trace.c). */
static const struct api_param stock_params[] = {
	ID("product_id", ARG_PRODUCT, 0), RETIRED,
	INT("soon_days", ARG_SOON_DAYS, 0, SR_STOCK_SOON_MAX), PAGE, {0},
};
/* What to buy looks 1 to 365 days ahead (to-buy.h). */
static const struct api_param to_buy_params[] = {
	INT("days", ARG_DAYS, 1, SR_TO_BUY_DAYS_MAX), {0},
};
static const struct api_param economics_params[] = {RETIRED, {0}};
static const struct api_param timer_params[] = {
	FIELD("worker", ARG_WORKER, SR_RES_TIME_ENTRY, "worker"), {0},
};
/* Exactly one of the two; api_trace() says so. */
static const struct api_param trace_params[] = {
	FIELD("code", ARG_CODE, SR_RES_BATCH, "code"),
	FIELD("lot", ARG_LOT, SR_RES_BATCH_MATERIAL, "lot"), {0},
};
/* A lot is 1 to 100 bytes (resource.c), and so is the start of one. */
static const struct api_param lots_params[] = {
	TEXT("q", ARG_Q, 1, 100), PAGE, {0},
};
/* The planner shows 1 to 366 days (planner.h). */
static const struct api_param plan_params[] = {
	DATE("from", ARG_FROM), INT("days", ARG_DAYS, 1, 366), {0},
};
static const struct api_param import_params[] = {
	BOOL("create_products", ARG_CREATE), TEXT("name", ARG_NAME, 0, 255),
	API_PARAM_ENCODING, BOOL("preview", ARG_PREVIEW),
	{0},
};
/* The plan's, and the key a calendar app sends in its address. */
static const struct api_param plan_ics_params[] = {
	DATE("from", ARG_FROM), INT("days", ARG_DAYS, 1, 366),
	TEXT("key", ARG_KEY, SR_SECRET_LEN, SR_SECRET_LEN), {0},
};
static const struct api_param audit_params[] = {
	TEXT("actor", ARG_ACTOR, 1, 100), TEXT("resource", ARG_RESOURCE, 1, 64),
	ID("record_id", ARG_RECORD, 0), PAGE, {0},
};
static const struct api_param recipe_params[] = {
	INT("quantity", ARG_QUANTITY, 1, SR_RECIPE_QTY_MAX), {0},
};
/* A batch's labels: which sheet or roll, how many, from which label. */
static const struct api_param label_params[] = {
	{.name = "layout", .arg = ARG_LAYOUT, .type = API_P_ENUM,
	 .values = sr_label_layout_names},
	INT("copies", ARG_COPIES, 1, SR_LABEL_COPIES_MAX),
	INT("start", ARG_START, 1, 65), {0},
};
/* The made quantity a batch's consumption is worked out for. */
static const struct api_param consumption_params[] = {
	FIELD("made_qty", ARG_MADE, SR_RES_BATCH, "made_qty"), {0},
};
static const struct api_param forecast_params[] = {
	ID("product", ARG_PRODUCT, API_P_REQUIRED),
	INT("days", ARG_DAYS, 1, SR_DEMAND_MAX_DAYS), DATE("from", ARG_FROM),
	{0},
};

/* A list of invoices: whose, of which order, unpaid or overdue only. */
static const struct api_param invoice_params[] = {
	ID("customer_id", ARG_CUSTOMER, 0), ID("order_id", ARG_ORDER, 0),
	BOOL("unpaid", ARG_UNPAID), BOOL("overdue", ARG_OVERDUE), PAGE, {0},
};

#define J ROUTE_JSON_BODY
/* What a route needs: nothing, read, write, delete own, owner (auth.h). */
#define NONE SR_NEED_NONE
#define READ SR_NEED_READ
#define WRITE SR_NEED_WRITE
#define OWN SR_NEED_OWN
#define OWNER SR_NEED_OWNER
static const struct route routes[] = {
	{"/api/v1/questions", "GET", api_questions, 0, NULL, READ},
	{"/api/v1/advice", "POST", api_advice, J, NULL, READ},
	{"/api/v1/schema", "GET", api_schema, 0, NULL, READ},
	{"/api/v1/settings", "GET", api_settings_get, 0, NULL, READ},
	{"/api/v1/settings", "PUT", api_settings_put, J, NULL, OWNER},
	{"/api/v1/products/{id}/economics", "GET", api_economics_product, 0,
	 NULL, READ},
	{"/api/v1/products/{id}/recipe", "GET", api_recipe, 0, recipe_params,
	 READ},
	{"/api/v1/economics", "GET", api_economics, 0, economics_params, READ},
	{"/api/v1/economics/what-if", "POST", api_economics_what_if, J, NULL,
	 READ},
	{"/api/v1/batches/{id}/materials", "GET", api_batch_materials, 0,
	 NULL, READ},
	{"/api/v1/batches/{id}/materials", "POST", api_batch_material_add, J,
	 NULL, WRITE},
	{"/api/v1/batches/{id}/trace", "GET", api_trace_batch, 0, NULL, READ},
	/* Labels (api-labels.c): what one says, and the PDF of many. */
	{"/api/v1/batches/{id}/label", "GET", api_label, 0, label_params,
	 READ},
	{"/api/v1/batches/{id}/labels.pdf", "GET", api_labels_pdf, 0,
	 label_params, READ},
	{"/api/v1/products/{id}/ingredients", "GET", api_ingredients, 0, NULL,
	 READ},
	{"/api/v1/timer", "GET", api_timer_status, 0, timer_params, READ},
	{"/api/v1/timer/start", "POST", api_timer_start, J, NULL, WRITE},
	{"/api/v1/timer/stop", "POST", api_timer_stop, J, NULL, WRITE},
	{"/api/v1/stock", "GET", api_stock, 0, stock_params, READ},
	{"/api/v1/plan", "GET", api_plan, 0, plan_params, READ},
	{"/api/v1/plan.ics", "GET", api_plan_ics, ROUTE_CALENDAR,
	 plan_ics_params, READ},
	{"/api/v1/promise", "POST", api_promise, J, NULL, READ},
	{"/api/v1/trace", "GET", api_trace, 0, trace_params, READ},
	{"/api/v1/lots", "GET", api_lots, 0, lots_params, READ},
	{"/api/v1/sales/import", "POST", api_sales_import,
	 ROUTE_CSV_BODY | ROUTE_FORM_BODY | ROUTE_BIG_BODY, import_params,
	 WRITE},
	{"/api/v1/forecast", "GET", api_forecast, 0, forecast_params, READ},
	{"/api/v1/export/{kind}.csv", "GET", api_export, 0, NULL, READ},
	{"/api/v1/export/invoices.csv", "GET", api_export_invoices, 0, NULL,
	 READ},
	/* The whole file: the accounts' hashes too. */
	{"/api/v1/backup", "GET", api_backup, 0, NULL, OWNER},
	/* The sample workshop: is it loaded, fill, start afresh. */
	{"/api/v1/demo", "GET", api_demo_status, 0, NULL, READ},
	{"/api/v1/demo", "POST", api_demo_fill, J, NULL, OWNER},
	{"/api/v1/demo", "DELETE", api_demo_remove, 0, NULL, OWNER},
	/* Who is asking, logging in and out (api-auth.c). */
	{"/api/v1/session", "GET", api_session_get, 0, NULL, READ},
	{"/api/v1/session", "POST", api_session_login, J, NULL, NONE},
	{"/api/v1/session", "DELETE", api_session_logout, 0, NULL, READ},
	{"/api/v1/setup", "POST", api_setup, J, NULL, NONE},
	/* A new workshop and its owner: serve --signup (hosted). */
	{"/api/v1/signup", "POST", api_signup, J, NULL, NONE},
	{"/api/v1/sessions", "GET", api_sessions, 0, NULL, READ},
	{"/api/v1/sessions", "DELETE", api_sessions_end, 0, NULL, READ},
	{"/api/v1/sessions/{id}", "DELETE", api_session_end, 0, NULL, READ},
	{"/api/v1/tokens", "GET", api_tokens, 0, NULL, READ},
	{"/api/v1/tokens", "POST", api_token_create, J, NULL, READ},
	{"/api/v1/tokens/{id}", "DELETE", api_token_revoke, 0, NULL, READ},
	{"/api/v1/account/password", "PUT", api_password_change, J, NULL,
	 READ},
	{"/api/v1/accounts", "GET", api_accounts, 0, list_params, OWNER},
	{"/api/v1/accounts", "POST", api_account_create, J, NULL, OWNER},
	{"/api/v1/accounts/{id}", "PATCH", api_account_update, J, NULL, OWNER},
	{"/api/v1/accounts/{id}", "DELETE", api_account_remove, 0, NULL,
	 OWNER},
	{"/api/v1/accounts/{id}/password", "PUT", api_account_reset, J, NULL,
	 OWNER},
	{"/api/v1/audit", "GET", api_audit, 0, audit_params, OWNER},
	/* Goods in and what to buy (api-goods-in.c). */
	{"/api/v1/purchases/{id}/receive", "POST", api_purchase_receive, J,
	 NULL, WRITE},
	{"/api/v1/to-buy", "GET", api_to_buy, 0, to_buy_params, READ},
	{"/api/v1/to-buy/orders", "POST", api_to_buy_orders, J, NULL, WRITE},
	/* Making takes from stock (api-consume.c): what done would take,
	 * marking done with the maker's choices, what a batch really cost. */
	{"/api/v1/batches/{id}/consumption", "GET", api_batch_consumption, 0,
	 consumption_params, READ},
	{"/api/v1/batches/{id}/done", "POST", api_batch_done, J, NULL, WRITE},
	{"/api/v1/batches/{id}/cost", "GET", api_batch_cost, 0, NULL, READ},
	{"/api/v1/orders/{id}/consumption", "GET", api_order_consumption, 0,
	 NULL, READ},
	{"/api/v1/orders/{id}/done", "POST", api_order_done, J, NULL, WRITE},
	/* Quotes (api-quotes.c): one of an order with the planner's date,
	 * accepting or withdrawing it, its PDF. */
	{"/api/v1/orders/{id}/quote", "POST", api_quote_make, J, NULL, WRITE},
	{"/api/v1/quotes/{id}/accept", "POST", api_quote_accept, J, NULL,
	 WRITE},
	{"/api/v1/quotes/{id}/withdraw", "POST", api_quote_withdraw, J, NULL,
	 WRITE},
	{"/api/v1/quotes/{id}.pdf", "GET", api_quote_pdf, 0, NULL, READ},
	/* Where a phone opens smallrun: this machine's network addresses. */
	{"/api/v1/invoices", "GET", api_invoices, 0, invoice_params, READ},
	{"/api/v1/invoices", "POST", api_invoice_sales, J, NULL, WRITE},
	{"/api/v1/invoices/{id}", "GET", api_invoice_get, 0, NULL, READ},
	{"/api/v1/invoices/{id}.pdf", "GET", api_invoice_pdf, 0, NULL, READ},
	{"/api/v1/invoices/{id}/paid", "POST", api_invoice_paid, J, NULL,
	 WRITE},
	{"/api/v1/invoices/{id}/paid", "PATCH", api_invoice_paid, J, NULL,
	 WRITE},
	{"/api/v1/invoices/{id}/void", "POST", api_invoice_void, J, NULL,
	 WRITE},
	{"/api/v1/orders/{id}/invoice", "POST", api_invoice_order, J, NULL,
	 WRITE},
	{"/api/v1/sales/{id}/receipt", "GET", api_receipt, 0, NULL, READ},
	{"/api/v1/sales/{id}/receipt.pdf", "GET", api_receipt_pdf, 0, NULL,
	 READ},
	{"/api/v1/addresses", "GET", api_addresses, 0, NULL, OWNER},
	/* Every list resource (resource.c), by its name: "{res}". */
	{"/api/v1/{res}", "GET", api_list, ROUTE_FILTERS, list_params, READ},
	{"/api/v1/{res}", "POST", api_create, J, NULL, WRITE},
	{"/api/v1/{res}", "PATCH", api_update_many, J, NULL, WRITE},
	{"/api/v1/{res}/{id}", "GET", api_get, 0, NULL, READ},
	{"/api/v1/{res}/{id}", "PATCH", api_update, J, NULL, WRITE},
	{"/api/v1/{res}/{id}", "DELETE", api_delete, 0, NULL, OWN},
	/* No other API path exists: a stranger learns that only once in. */
	{"/api/*", NULL, NULL, 0, NULL, READ},
	{"/*", "GET", api_asset, ROUTE_ANY_QUERY, NULL, NONE},
};
#undef OWNER
#undef OWN
#undef WRITE
#undef READ
#undef NONE
#undef J
#undef RETIRED
#undef PAGE
#undef FIELD
#undef TEXT
#undef BOOL
#undef DATE
#undef ID
#undef INT
/* clang-format on */

/* What a path's variable segments held. */
struct route_vars {
	int64_t id; /* "{id}": a positive integer */
	int res;    /* "{res}": a list resource's name, as enum sr_res;
		     * "{kind}": any resource's, the settings too */
};

/*
 * Does path match pattern? "{id}" takes a positive integer segment, "{res}"
 * the name of a list resource (both stored in *v), "*" at the end takes
 * anything that follows.
 */
static bool route_match(const char *pattern, const char *path,
			struct route_vars *v)
{
	while (*pattern) {
		/* Most of a pattern is literal: only '*' and '{' need more. */
		size_t n = *pattern == '{' ? strcspn(path, "/.") : 0;

		if (pattern[0] == '*' && pattern[1] == '\0')
			return true;
		if (*pattern != '{') {
			if (*pattern != *path)
				return false;
			pattern++;
			path++;
			continue;
		}
		if (!strncmp(pattern, "{id}", 4)) {
			if (sr_parse_i64(path, n, &v->id, 1, INT64_MAX))
				return false;
			pattern += 4;
			path += n;
			continue;
		}
		if (!strncmp(pattern, "{res}", 5) ||
		    !strncmp(pattern, "{kind}", 6)) {
			bool any = pattern[1] == 'k';
			char name[32];
			int r;

			/* No resource's name has a '.': "{kind}.csv". */
			n = strcspn(path, "/.");
			if (n == 0 || n >= sizeof(name))
				return false;
			memcpy(name, path, n);
			name[n] = '\0';
			r = sr_res_find(name);
			if (r < 0 ||
			    (!any && !sr_res_is_list((enum sr_res)r)) ||
			    strcmp(sr_res_name((enum sr_res)r), name))
				return false;
			v->res = r;
			pattern += any ? 6 : 5;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *path == '\0';
}
/* The media type want, with any parameters (charset) after a ';'. */
static bool is_type(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (strncasecmp(ct, want, n))
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* The route that serves method on path, or NULL. */
static const struct route *route_find(const char *method, const char *path)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(routes); i++) {
		struct route_vars v = {0, 0};

		if (routes[i].fn && !strcmp(routes[i].method, method) &&
		    route_match(routes[i].pattern, path, &v))
			return &routes[i];
	}
	return NULL;
}

size_t api_route_count(void)
{
	return SR_ARRAY_SIZE(routes);
}

bool api_route_row(size_t i, const char **pattern, const char **method,
		   enum sr_need *need)
{
	if (i >= SR_ARRAY_SIZE(routes) || !routes[i].fn)
		return false;
	*pattern = routes[i].pattern;
	*method = routes[i].method;
	*need = routes[i].need;
	return true;
}

size_t api_body_limit(void *app, const char *method, const char *path)
{
	const struct route *r = route_find(method, path);

	(void)app;
	return r && (r->flags & ROUTE_BIG_BODY) ? ROUTE_BIG_MAX
						: SR_HTTP_BODY_MAX;
}

/*
 * The parameters route r takes on a path for resource res, into decl
 * (ROUTE_MAX_PARAMS); returns how many. A list's filters come from its
 * resource's description, checked as their fields are.
 */
static size_t route_params(const struct route *r, int res,
			   struct api_param *decl)
{
	size_t n = 0;

	for (const struct api_param *p = r->params; p && p->name; p++)
		decl[n++] = *p;
	if (!(r->flags & ROUTE_FILTERS))
		return n;
	/* A filter past the end would be refused as unknown, not dropped. */
	for (size_t i = 0; n < ROUTE_MAX_PARAMS; i++) {
		const char *field, *name = sr_res_filter(res, i, &field);

		if (!name)
			break;
		decl[n++] = (struct api_param){
			.name = name,
			.arg = ARG__MAX,
			.type = API_P_FIELD,
			.flags = API_P_FILTER | API_P_NULL,
			.res = res,
			.field = field,
		};
	}
	return n;
}

void api_dispatch(const struct sr_http_req *req, struct sr_http_resp *resp)
{
	struct api_call c = {.req = req,
			     .resp = resp,
			     .app = req->app,
			     .fail = SR_FAIL_INIT};
	const struct route *first = NULL, *hit = NULL;
	struct api_param decl[ROUTE_MAX_PARAMS];
	const char *method = req->method;
	size_t alen = 0;
	bool sends_body;

	if (!strcmp(method, "HEAD"))
		method = "GET";
	/* The rows of one path stand together in the table. */
	for (size_t i = 0; i < SR_ARRAY_SIZE(routes); i++) {
		const struct route *cand = &routes[i];
		struct route_vars v = {0, 0};

		if (!route_match(cand->pattern, req->path, &v))
			continue;
		if (!first) {
			if (!cand->fn)
				break; /* the catch-all that answers 404 */
			first = cand;
		} else if (strcmp(cand->pattern, first->pattern)) {
			break;
		}
		alen += (size_t)snprintf(
			resp->allow + alen, sizeof(resp->allow) - alen,
			"%s%s%s", alen ? ", " : "", cand->method,
			strcmp(cand->method, "GET") ? "" : ", HEAD");
		if (alen >= sizeof(resp->allow))
			alen = sizeof(resp->allow) - 1;
		if (!hit && !strcmp(cand->method, method)) {
			hit = cand;
			c.id = v.id;
			c.res = v.res;
		}
	}
	/* Who is asking comes first: a stranger learns nothing from 404,
	 * 405 or 400. A path the table has no row of needs an account. */
	if (!api_authorize(&c, hit ? hit->need : SR_NEED_READ,
			   hit && (hit->flags & ROUTE_CALENDAR))) {
		resp->allow[0] = '\0';
		goto out;
	}
	if (!first) {
		resp->allow[0] = '\0';
		api_error(&c, 404, "not_found", NULL, "no such path: %s",
			  req->path);
		goto out;
	}
	if (!hit) {
		api_error(&c, 405, "method_not_allowed", NULL,
			  "%s is not allowed here; use %s", req->method,
			  resp->allow);
		goto out;
	}
	resp->allow[0] = '\0';
	sends_body = !strcmp(method, "POST") || !strcmp(method, "PUT") ||
		     !strcmp(method, "PATCH");
	if ((hit->flags & ROUTE_JSON_BODY) && sends_body &&
	    !is_type(req->content_type, "application/json")) {
		api_error(&c, 415, "unsupported_media_type", NULL,
			  "send the body as application/json");
		goto out;
	}
	if ((hit->flags & ROUTE_CSV_BODY) && sends_body &&
	    !is_type(req->content_type, "text/csv") &&
	    !((hit->flags & ROUTE_FORM_BODY) &&
	      is_type(req->content_type, "multipart/form-data"))) {
		api_error(&c, 415, "unsupported_media_type", NULL,
			  "send the body as text/csv%s",
			  hit->flags & ROUTE_FORM_BODY
				  ? ", or as multipart/form-data with the "
				    "file and a plan"
				  : "");
		goto out;
	}
	if (!(hit->flags & ROUTE_ANY_QUERY) &&
	    api_param_check(req->query, decl, route_params(hit, c.res, decl),
			    req->path, &c.args, &c.fail)) {
		api_fail(&c, &c.fail);
		goto out;
	}
	hit->fn(&c);
out:
	api_authorize_end(&c);
	api_param_release(&c.args);
	sr_fail_release(&c.fail);
}
