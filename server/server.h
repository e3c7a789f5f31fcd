/*
 * server.h - `smallrun serve`: the HTTP front end over libsmallrun.
 */
#ifndef SMALLRUN_SERVER_SERVER_H
#define SMALLRUN_SERVER_SERVER_H

#include <stdio.h>

#include <stdatomic.h>

#include "smallrun/auth.h"
#include "smallrun/err.h"
#include "smallrun/plan.h"
#include "smallrun/store.h"

struct sr_edge_policy;

/* What every handler can reach (api_call.app). */
struct sr_app {
	sr_store *store;
	/* Raised once SIGINT or SIGTERM has come: long work gives up. */
	atomic_bool stopping;
	/* For the planner's searches: the clock, a time limit for each
	 * answer, and &stopping as their cancel flag. */
	struct sr_plan_opts plan;
	/* Set once any account exists (there is then always one: the last
	 * owner stays); until then each request asks the store, so one made
	 * by `smallrun user add` meanwhile counts at once. */
	atomic_bool accounts;
	/* Failed logins by login and by address (auth.h): in the database
	 * when hosted, so that every server counts the same. */
	sr_throttle *throttle;
	/* Hosted (doc/HOSTED.md): a PostgreSQL database of many workshops,
	 * none chosen; every request needs a credential, which says whose
	 * workshop it is, and a login names its workshop. Else the store is
	 * pinned to its one workshop (or --workshop's), as on SQLite. */
	bool hosted;
	/* serve --signup: POST /api/v1/signup makes a workshop (hosted). */
	bool signup;
	/* Where it listens, for the addresses a phone can open
	 * (api-addresses.c): the host as --listen gave it ("" for every
	 * IPv4 address), HTTPS or not, the --host-name names (or NULL),
	 * and the port it got, set once the socket is bound. */
	const char *listen_host;
	bool tls;
	const struct sr_edge_policy *names;
	atomic_int port;
};

struct sr_server_opts {
	const char *host; /* "127.0.0.1" by default */
	int port;	  /* 8080 by default; 0 picks a free one */
	const char *db;	  /* the database path */
	int threads;	  /* 0 for the default */
	FILE *access_log; /* NULL for none */
	FILE *out;	  /* where the URL is announced */
	/* Host names answered besides IP literals and localhost. */
	const struct sr_edge_policy *policy;
	/* PEM text of a certificate and its key, to serve HTTPS; or NULL. */
	const char *tls_cert, *tls_key;
	/* The workshop to serve alone (its slug), or NULL (store.h); hosted:
	 * serve every workshop (a PostgreSQL database); signup: and let
	 * anyone make one (hosted too). With none of them a PostgreSQL
	 * database of one workshop is served as that workshop, of more as
	 * hosted. */
	const char *workshop;
	bool hosted, signup;
};

/*
 * Open the store, serve until SIGINT or SIGTERM, then stop cleanly: the
 * stopping flag is raised first, so a plan or promise being searched ends
 * within milliseconds and the worker threads can be joined. Returns SR_OK
 * after a clean stop, else the error with f saying why.
 */
enum sr_err sr_server_run(const struct sr_server_opts *opts, struct sr_fail *f);

#endif
