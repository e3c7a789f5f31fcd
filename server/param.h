/*
 * param.h - the query parameters a route takes, declared in its row of the
 * route table and checked by the dispatcher before the handler runs, the
 * way kcgi checks a page's fields against its validation table.
 *
 * The error codes are the library's for the same mistake (lib/query.c for
 * limit and offset, lib/records.c for a list's filters), so a request gets
 * the same answer whichever of the two checks sees it first.
 */
#ifndef SMALLRUN_SERVER_PARAM_H
#define SMALLRUN_SERVER_PARAM_H

#include "api.h"
#include "smallrun/text.h"

enum api_ptype {
	/* A whole number in [min, max]; any other text is out_of_range. */
	API_P_INT,
	/*
	 * A whole number checked as a record's field is: bad_type when it is
	 * not one, out_of_range outside [min, max] (ids: 1..INT64_MAX).
	 */
	API_P_ID,
	API_P_DATE, /* YYYY-MM-DD, else bad_date */
	/* YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, else bad_time */
	API_P_TIME,
	/* min..max bytes: missing_value when empty, else bad_length */
	API_P_TEXT,
	API_P_ENUM, /* one of values[], else bad_value */
	API_P_BOOL, /* true, false, 1 or 0, else bad_value */
	/* Whatever field `field` of resource `res` is, with its bounds. */
	API_P_FIELD,
};

enum api_pflags {
	API_P_REQUIRED = 1 << 0, /* not given: missing_field */
	/* "" or "null" is no value (a filter: the library reads it so) */
	API_P_NULL = 1 << 1,
	/* a list filter: goes into args.list as text, not into a slot */
	API_P_FILTER = 1 << 2,
};

struct api_param {
	const char *name;
	enum api_arg arg; /* the slot it fills (not for filters) */
	enum api_ptype type;
	unsigned flags;	  /* enum api_pflags */
	int64_t min, max; /* API_P_INT, API_P_ID; byte lengths for text */
	const char *const *values; /* API_P_ENUM: NULL-terminated */
	int res;		   /* API_P_FIELD: the enum sr_res */
	const char *field;	   /* API_P_FIELD: the field's name */
};

/*
 * A sales file's encoding: encoding=utf-8 (the default) or windows-1252,
 * else 400 bad_value naming it. For a route's params table.
 */
#define API_PARAM_ENCODING                                                     \
	{                                                                      \
		.name = "encoding", .arg = ARG_ENCODING, .type = API_P_ENUM,   \
		.values = sr_encoding_names                                    \
	}

/*
 * Check the query string qs against the n declarations decl of the path
 * what (named in messages) and fill args; release args with
 * api_param_release() whatever this returns. SR_EINVAL, with f naming the
 * parameter, for: a bad query (lib/query.c's sr_query_parse: bad_query,
 * duplicate_param, too_many_params), a parameter not declared
 * (unknown_param, listing the declared ones), a value outside its type
 * and bounds (the codes in enum api_ptype), a required one missing
 * (missing_field). SR_ENOMEM.
 */
enum sr_err api_param_check(const char *qs, const struct api_param *decl,
			    size_t n, const char *what, struct api_args *args,
			    struct sr_fail *f);
void api_param_release(struct api_args *args);

#endif
