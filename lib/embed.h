/*
 * embed.h - files carried inside the binary, generated at build time by
 * scripts/embed.c (the web app in server/, the SQL migrations in lib/).
 */
#ifndef SMALLRUN_EMBED_H
#define SMALLRUN_EMBED_H

#include <stddef.h>

struct sr_embed {
	const char *path; /* relative to its root, with a leading '/' */
	const unsigned char *data; /* len bytes, then a NUL */
	size_t len;
	const char *etag; /* quoted strong ETag of the bytes */
};

#endif
