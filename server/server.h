/*
 * server.h - `smallrun serve`: the HTTP front end over libsmallrun.
 */
#ifndef SMALLRUN_SERVER_SERVER_H
#define SMALLRUN_SERVER_SERVER_H

#include <stdio.h>

#include "smallrun/err.h"
#include "smallrun/store.h"

/* What every handler can reach (api_call.app). */
struct sr_app {
	sr_store *store;
};

struct sr_server_opts {
	const char *host; /* "127.0.0.1" by default */
	int port;	  /* 8080 by default; 0 picks a free one */
	const char *db;	  /* the database path */
	int threads;	  /* 0 for the default */
	FILE *access_log; /* NULL for none */
	FILE *out;	  /* where the URL is announced */
};

/*
 * Open the store, serve until SIGINT or SIGTERM, then stop cleanly.
 * Returns SR_OK after a clean stop, else the error with f saying why.
 */
enum sr_err sr_server_run(const struct sr_server_opts *opts, struct sr_fail *f);

#endif
