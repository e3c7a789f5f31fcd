/* buf.c - growable, capped, NUL-terminated byte buffers. */
#include "compat.h"

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* What an empty buffer points at, so data is never NULL (git's slopbuf). */
char sr_buf_empty[1];

void sr_buf_init(struct sr_buf *b, size_t max)
{
	b->data = sr_buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = 0;
}

void sr_buf_release(struct sr_buf *b)
{
	if (b->cap)
		free(b->data);
	sr_buf_init(b, b->max);
}

void sr_buf_reset(struct sr_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
	else
		b->data = sr_buf_empty;
	b->err = 0;
}

/* Make room for extra more bytes plus the NUL. */
static int buf_grow(struct sr_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (b->err)
		return b->err;
	if (extra > b->max - b->len || b->len > b->max)
		return b->err = SR_ETOOBIG;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = realloc(b->cap ? b->data : NULL, cap);
	if (!p)
		return b->err = SR_ENOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
}

int sr_buf_add(struct sr_buf *b, const void *data, size_t len)
{
	int err = buf_grow(b, len);

	if (err)
		return err;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int sr_buf_adds(struct sr_buf *b, const char *s)
{
	return sr_buf_add(b, s, strlen(s));
}

int sr_buf_addch(struct sr_buf *b, char c)
{
	return sr_buf_add(b, &c, 1);
}

int sr_buf_vaddf(struct sr_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, err;

	if (b->err)
		return b->err;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return b->err = SR_EINVAL;
	err = buf_grow(b, (size_t)n);
	if (err)
		return err;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int sr_buf_addf(struct sr_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sr_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return err;
}

char *sr_buf_detach(struct sr_buf *b, size_t *len)
{
	char *p;

	if (b->cap) {
		p = b->data;
	} else {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	if (len)
		*len = p ? b->len : 0;
	b->data = sr_buf_empty;
	b->len = 0;
	b->cap = 0;
	b->err = 0;
	return p;
}
