/*
 * form.h - a multipart/form-data body (RFC 7578) split into its parts,
 * in place: what a browser's FormData and `curl -F` send. The sales
 * import takes its file and its plan so. Pure: no I/O, no allocation, so
 * a fuzz driver (fuzz-form) calls it directly.
 */
#ifndef SMALLRUN_SERVER_FORM_H
#define SMALLRUN_SERVER_FORM_H

#include <stddef.h>

#include "smallrun/err.h"

/* The most parts a form may have, and the longest part head, in bytes. */
#define SR_FORM_MAX_PARTS 8
#define SR_FORM_HEAD_MAX 4096

struct sr_form_part {
	char name[64];	    /* Content-Disposition's name="…" */
	char filename[256]; /* its filename="…", or "" */
	char type[128];	    /* the part's Content-Type, or "" */
	const char *data;   /* the content, inside the body */
	size_t len;
};

/*
 * Split the len bytes of body, sent as content_type ("multipart/form-data;
 * boundary=…"), into parts (at most SR_FORM_MAX_PARTS), *n of them. Each
 * part must have a Content-Disposition of form-data with a name of 1 to
 * 63 bytes, no two the same; a filename or type too long for its slot is
 * refused, never cut. SR_EINVAL with field "body" (or "boundary") and a
 * sentence saying what is wrong, else SR_OK.
 */
enum sr_err sr_form_parse(const char *content_type, const char *body,
			  size_t len, struct sr_form_part *parts, size_t *n,
			  struct sr_fail *f);

/* The part called name, or NULL. */
const struct sr_form_part *sr_form_get(const struct sr_form_part *parts,
				       size_t n, const char *name);

#endif
