/*
 * query.h - URL query strings ("status=done&limit=20") taken apart into
 * decoded name/value pairs, and turned into a list request.
 */
#ifndef SMALLRUN_QUERY_H
#define SMALLRUN_QUERY_H

#include <stddef.h>

#include "smallrun/err.h"
#include "smallrun/records.h"

#define SR_QUERY_MAX_PARAMS 32

struct sr_query {
	char *buf; /* the decoded text the pointers below point into */
	const char *names[SR_QUERY_MAX_PARAMS];
	const char *values[SR_QUERY_MAX_PARAMS];
	size_t n;
};

/*
 * Split and percent-decode qs ('+' is a space). A name given twice, a bad
 * %-escape, a NUL byte or more than SR_QUERY_MAX_PARAMS pairs is SR_EINVAL
 * with f saying which. Release with sr_query_release() either way.
 */
enum sr_err sr_query_parse(const char *qs, struct sr_query *q,
			   struct sr_fail *f);
void sr_query_release(struct sr_query *q);

/* The value of name, or NULL. */
const char *sr_query_get(const struct sr_query *q, const char *name);

/*
 * A list request from q: "limit" and "offset" are taken (checked whole
 * numbers); every other pair is a filter. lq points into q.
 */
enum sr_err sr_query_to_list(const struct sr_query *q, struct sr_list_query *lq,
			     struct sr_fail *f);

#endif
