/*
 * server.c - run the server until told to stop.
 *
 * SIGINT and SIGTERM are blocked before any thread starts (threads inherit
 * the mask), so the main thread alone receives them, in sigwait(), and stops
 * the server from ordinary code rather than from a signal handler.
 */
#include "compat.h"

#include <signal.h>
#include <time.h>

#include "api.h"
#include "credential.h"
#include "http.h"
#include "server.h"
#include "smallrun/accounts.h"
#include "smallrun/workshops.h"

/*
 * Hosted, or one workshop (server.h): decide from the options and the
 * store, pinning it to the one workshop served. Bad options are SR_EINVAL.
 */
static enum sr_err choose_workshops(const struct sr_server_opts *opts,
				    struct sr_app *app, struct sr_fail *f)
{
	struct sr_workshop w;
	bool tenants = sr_store_tenants(app->store);
	enum sr_err err = SR_OK;

	if ((opts->hosted || opts->signup) && !tenants)
		return sr_fail_set(
			f, SR_EINVAL, "not_hosted", "db",
			"--hosted and --signup need a PostgreSQL "
			"database: a SQLite file holds one workshop");
	if ((opts->hosted || opts->signup) && opts->workshop)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "workshop",
				   "--workshop serves one workshop; --hosted "
				   "and --signup serve them all");
	if (opts->hosted || opts->signup) {
		app->hosted = true;
	} else if (opts->workshop || tenants) {
		err = sr_workshop_choose(app->store, opts->workshop, &w, f);
		/* Several and none named: all of them. */
		if (err == SR_ECONFLICT && !opts->workshop) {
			app->hosted = true;
			err = SR_OK;
		} else if (err == SR_ENOTFOUND || err == SR_ECONFLICT) {
			f->err = err = SR_EINVAL;
		}
	}
	app->signup = opts->signup;
	return err;
}

/* The planner's clock (lib/ never reads one itself). */
static int64_t monotonic_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum sr_err sr_server_run(const struct sr_server_opts *opts, struct sr_fail *f)
{
	struct sr_app app = {0};
	struct sr_http_server *srv = NULL;
	struct sr_http_opts hopts = {0};
	sigset_t stop, old;
	enum sr_err err;
	int sig = 0;

	bool any = false;

	err = sr_store_open(opts->db, &app.store, f);
	if (err)
		return err;
	err = choose_workshops(opts, &app, f);
	/* With no account, anyone who reaches the server is its owner: so
	 * only this computer may reach it. Hosted, everyone logs in. */
	if (!err && !app.hosted)
		err = sr_accounts_any(app.store, &any, f);
	any |= app.hosted;
	if (!err && !any && !sr_cred_loopback(opts->host))
		err = sr_fail_set(f, SR_EINVAL, "no_owner", "listen",
				  "listening on %s reaches beyond this "
				  "computer, and smallrun has no accounts yet: "
				  "first create the owner's with 'smallrun "
				  "user add --role owner --login LOGIN --name "
				  "NAME'",
				  opts->host[0] ? opts->host : "every address");
	app.throttle = err	    ? NULL
		       : app.hosted ? sr_throttle_new_shared(app.store)
				    : sr_throttle_new();
	if (!err && !app.throttle)
		err = sr_fail_oom(f);
	if (err) {
		sr_store_close(app.store);
		return err;
	}
	atomic_init(&app.accounts, any);
	atomic_init(&app.stopping, false);
	app.plan = (struct sr_plan_opts)SR_PLAN_OPTS_INIT;
	app.plan.clock_ms = monotonic_ms;
	app.plan.time_limit_ms = SR_PLAN_TIME_LIMIT_MS;
	app.plan.cancel = &app.stopping;
	app.listen_host = opts->host;
	app.tls = opts->tls_cert != NULL;
	app.names = opts->policy;
	atomic_init(&app.port, opts->port);

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	/* A client hanging up mid-response must not kill the server. */
	signal(SIGPIPE, SIG_IGN);

	hopts.host = opts->host;
	hopts.port = opts->port;
	hopts.threads = opts->threads;
	hopts.access_log = opts->access_log;
	hopts.body_limit = api_body_limit;
	hopts.policy = opts->policy;
	hopts.tls_cert = opts->tls_cert;
	hopts.tls_key = opts->tls_key;
	srv = sr_http_start(&hopts, api_dispatch, &app, f);
	if (!srv) {
		err = f ? f->err : SR_EIO;
		goto out;
	}
	atomic_store(&app.port, sr_http_port(srv));
	fprintf(opts->out, "smallrun is running at %s://%s%s%s:%d/\n",
		opts->tls_cert ? "https" : "http",
		strchr(opts->host, ':') ? "[" : "",
		opts->host[0] ? opts->host : "0.0.0.0",
		strchr(opts->host, ':') ? "]" : "", sr_http_port(srv));
	{
		struct sr_buf shown = SR_BUF_INIT(PATH_MAX);

		sr_store_shown(opts->db, &shown);
		fprintf(opts->out, "database: %s\n", shown.data);
		sr_buf_release(&shown);
	}
	if (app.hosted) {
		fprintf(opts->out, "workshops: all of them, hosted%s\n",
			app.signup ? "; anyone may sign up" : "");
	} else if (sr_store_tenants(app.store)) {
		struct sr_workshop w;

		if (!sr_workshop_get(app.store, sr_store_workshop(app.store),
				     &w, NULL))
			fprintf(opts->out, "workshop: %s (%s)\n", w.slug,
				w.name);
	}
	fprintf(opts->out, "press Ctrl-C to stop\n");
	fflush(opts->out);

	while (sigwait(&stop, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
		;
	/* Before the threads are joined: searches under way give up. */
	atomic_store(&app.stopping, true);
	fprintf(opts->out, "smallrun: stopping (%s)\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(opts->out);
	sr_http_stop(srv);
	api_advise_release();
	err = SR_OK;
out:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	sr_throttle_free(app.throttle);
	sr_store_close(app.store);
	return err;
}
