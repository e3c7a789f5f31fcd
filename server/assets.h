/* assets.h - the web app's files, embedded at build time (scripts/embed.c). */
#ifndef SMALLRUN_SERVER_ASSETS_H
#define SMALLRUN_SERVER_ASSETS_H

#include "embed.h"

extern const struct sr_embed sr_assets[];
extern const size_t sr_assets_count;

#endif
