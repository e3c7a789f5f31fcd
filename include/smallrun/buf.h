/*
 * buf.h - a growable byte buffer with a size cap and a sticky error.
 *
 * Invariants, as git's strbuf: data is never NULL and always NUL-terminated,
 * so b->data can be printed at any time. Like curl's dynbuf every buffer has
 * a maximum size; like sqlite3_str the first failure sticks, later appends do
 * nothing, and the caller checks b->err once at the end.
 */
#ifndef SMALLRUN_BUF_H
#define SMALLRUN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct sr_buf {
	char *data; /* never NULL; NUL-terminated */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated, 0 while data points at a static "" */
	size_t max; /* the largest len allowed */
	int err;    /* 0, or the enum sr_err of the first failure */
};

extern char sr_buf_empty[];
#define SR_BUF_INIT(maxlen)                                                    \
	{                                                                      \
		sr_buf_empty, 0, 0, (maxlen), 0                                \
	}

/* Set up an empty buffer that may grow to max bytes; allocates nothing. */
void sr_buf_init(struct sr_buf *b, size_t max);

/* Free the contents and leave b empty (and usable) again; clears err. */
void sr_buf_release(struct sr_buf *b);

/* Empty b without freeing its memory; clears err. */
void sr_buf_reset(struct sr_buf *b);

/*
 * Append bytes. On overflow of max the buffer keeps what it had, err
 * becomes SR_ETOOBIG and the call returns it; on allocation failure
 * SR_ENOMEM. Once err is set every append returns it and does nothing.
 */
int sr_buf_add(struct sr_buf *b, const void *data, size_t len);
int sr_buf_adds(struct sr_buf *b, const char *s);
int sr_buf_addch(struct sr_buf *b, char c);
int sr_buf_addf(struct sr_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sr_buf_vaddf(struct sr_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * Take ownership of the contents: returns a malloc'd NUL-terminated string
 * (free() it) or NULL when out of memory, and leaves b empty.
 */
char *sr_buf_detach(struct sr_buf *b, size_t *len);

#endif
