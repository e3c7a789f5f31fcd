/* cmd-serve.c - `smallrun serve`: the web app and the JSON API. */
#include "compat.h"

#include "edge.h"
#include "server.h"
#include "cli.h"
#include "smallrun/parse.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"
/* A certificate chain or a key, in PEM, is far smaller than this. */
#define TLS_FILE_MAX (256 * 1024)

void cmd_serve_help(FILE *out)
{
	fprintf(out,
		"Options:\n"
		"  --listen ADDR:PORT  where to listen (default " DEFAULT_LISTEN
		");\n"
		"                      [::1]:PORT for IPv6, :PORT for every "
		"address, port 0\n"
		"                      for any free port\n"
		"  --db PATH           the SQLite database (default "
		"$SMALLRUN_DB, else\n"
		"                      $XDG_DATA_HOME/smallrun/smallrun.db, "
		"else\n"
		"                      ~/.local/share/smallrun/smallrun.db), "
		"or "
		"a\n"
		"                      PostgreSQL database: "
		"postgresql://USER@HOST/NAME\n"
		"  --access-log FILE   append one line per request to FILE; "
		"'-' for stderr\n"
		"                      (the default), 'off' for none\n"
		"  --host-name NAMES   the names this server is reached by "
		"besides its\n"
		"                      IP addresses and localhost, comma-"
		"separated\n"
		"                      (shop.example,www.shop.example); a "
		"request for\n"
		"                      any other name is refused (421)\n"
		"  --trusted-proxy ADDRS\n"
		"                      the IP addresses of the proxies in "
		"front (nginx),\n"
		"                      comma-separated: from them the client "
		"is the last\n"
		"                      address of X-Forwarded-For, and HTTPS "
		"when\n"
		"                      X-Forwarded-Proto says https "
		"(doc/HOSTED.md)\n"
		"  --tls-cert FILE     serve HTTPS (TLS 1.2 and 1.3 only, "
		"with HSTS) with\n"
		"                      this certificate chain, in PEM\n"
		"  --tls-key FILE      and this private key, in PEM; the two "
		"go together\n"
		"  --threads N         threads answering requests (default: "
		"two per core);\n"
		"                      idle and slow connections hold none\n"
		"  --workshop SLUG     on a PostgreSQL database of many "
		"workshops, serve\n"
		"                      this one alone (a database of one is "
		"served as it)\n"
		"  --hosted            serve every workshop of the PostgreSQL "
		"database: a\n"
		"                      login names its workshop "
		"(doc/HOSTED.md)\n"
		"  --signup            hosted, and anyone may make a new "
		"workshop and its\n"
		"                      owner (POST /api/v1/signup); off by "
		"default\n\n"
		"It prints its URL, and stops cleanly on Ctrl-C (SIGINT) or "
		"SIGTERM.\n"
		"With no account it answers this computer only, and refuses "
		"an address\nbeyond it: first 'smallrun user add --role owner "
		"--login LOGIN --name NAME'.\nOnce an account exists, every "
		"request needs a login or a token.\n"
		"Writes from another web site are refused (403), as are "
		"requests whose\n"
		"framing is ambiguous (400); see doc/API.md, \"The HTTP "
		"edge\".\n"
		"A request from this computer that carries X-Forwarded-For "
		"or another proxy's\n"
		"field came through a proxy, and is not taken for this "
		"computer's.\n");
}

int cmd_serve(int argc, char **argv)
{
	enum {
		O_LISTEN,
		O_ACCESS_LOG,
		O_THREADS,
		O_HOST_NAME,
		O_TLS_CERT,
		O_TLS_KEY,
		O_HOSTED,
		O_SIGNUP,
		O_TRUSTED_PROXY,
		O__MAX
	};
	static const struct cli_opt opts[O__MAX] = {
		[O_LISTEN] = {"listen", true},
		[O_ACCESS_LOG] = {"access-log", true},
		[O_THREADS] = {"threads", true},
		[O_HOST_NAME] = {"host-name", true},
		[O_TLS_CERT] = {"tls-cert", true},
		[O_TLS_KEY] = {"tls-key", true},
		[O_HOSTED] = {"hosted", false},
		[O_SIGNUP] = {"signup", false},
		[O_TRUSTED_PROXY] = {"trusted-proxy", true},
	};
	struct sr_buf cert = SR_BUF_INIT(TLS_FILE_MAX);
	struct sr_buf key = SR_BUF_INIT(TLS_FILE_MAX);
	struct sr_server_opts so = {0};
	struct sr_edge_policy policy = {.nnames = 0};
	char names[1024];
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf db = SR_BUF_INIT(PATH_MAX);
	const char *val[O__MAX], *listen, *log;
	struct cli_args a;
	char host[128];
	int rc;

	rc = cli_parse("serve", opts, O__MAX, argc, argv, val, &a);
	if (rc)
		goto out;
	listen = val[O_LISTEN] ? val[O_LISTEN] : DEFAULT_LISTEN;
	log = val[O_ACCESS_LOG] ? val[O_ACCESS_LOG] : "-";
	if (a.db && (!*a.db || sr_buf_adds(&db, a.db))) {
		rc = cli_error("serve", CLI_USAGE,
			       "--db needs a file path or a postgresql:// URI");
		goto out;
	}
	if (val[O_THREADS]) {
		int64_t n;

		if (sr_parse_i64z(val[O_THREADS], &n, 1, 1024)) {
			rc = cli_error("serve", CLI_USAGE,
				       "--threads must be a whole number from "
				       "1 to 1024");
			goto out;
		}
		so.threads = (int)n;
	}
	if (val[O_HOST_NAME] &&
	    ((size_t)snprintf(names, sizeof(names), "%s", val[O_HOST_NAME]) >=
		     sizeof(names) ||
	     sr_edge_add_names(&policy, names))) {
		rc = cli_error("serve", CLI_USAGE,
			       "--host-name takes up to %d host names, "
			       "comma-separated, like shop.example",
			       SR_EDGE_NAMES_MAX);
		goto out;
	}
	if (val[O_TRUSTED_PROXY] &&
	    sr_edge_add_proxies(&policy, val[O_TRUSTED_PROXY])) {
		rc = cli_error("serve", CLI_USAGE,
			       "--trusted-proxy takes up to %d IP addresses, "
			       "comma-separated, like 127.0.0.1,::1",
			       SR_EDGE_PROXIES_MAX);
		goto out;
	}
	so.policy = &policy;
	if (!val[O_TLS_CERT] != !val[O_TLS_KEY]) {
		rc = cli_error("serve", CLI_USAGE,
			       "--tls-cert and --tls-key go together");
		goto out;
	}
	if (val[O_TLS_CERT]) {
		rc = cli_read_file("serve", val[O_TLS_CERT], &cert);
		if (!rc)
			rc = cli_read_file("serve", val[O_TLS_KEY], &key);
		if (rc)
			goto out;
		so.tls_cert = cert.data;
		so.tls_key = key.data;
	}
	if (a.argc) {
		rc = cli_error("serve", CLI_USAGE, "unexpected argument '%s'",
			       a.argv[0]);
		goto out;
	}
	if (sr_parse_listen(listen, host, sizeof(host), &so.port, &f)) {
		rc = cli_error("serve", CLI_USAGE, "--listen: %s",
			       f.message.data);
		goto out;
	}
	if (!db.len && sr_store_default_path(&db)) {
		rc = cli_error("serve", CLI_USAGE,
			       "no database path: set HOME or SMALLRUN_DB, or "
			       "give --db");
		goto out;
	}
	so.host = host;
	so.db = db.data;
	so.workshop = a.workshop;
	so.hosted = val[O_HOSTED] != NULL;
	so.signup = val[O_SIGNUP] != NULL;
	so.out = stdout;
	if (!strcmp(log, "-"))
		so.access_log = stderr;
	else if (strcmp(log, "off")) {
		so.access_log = fopen(log, "a");
		if (!so.access_log) {
			rc = cli_error("serve", CLI_FAIL,
				       "--access-log: cannot open %s: %s", log,
				       strerror(errno));
			goto out;
		}
	}
	/* Bad input (no owner for a network address) is a usage error. */
	if (sr_server_run(&so, &f))
		rc = cli_error("serve",
			       f.err == SR_EINVAL ? CLI_USAGE : CLI_FAIL, "%s",
			       f.message.data);
	if (so.access_log && so.access_log != stderr)
		fclose(so.access_log);
out:
	sr_buf_release(&cert);
	/* The key does not stay in memory longer than it must. */
	for (volatile char *c = key.data; key.len && *c; c++)
		*c = '\0';
	sr_buf_release(&key);
	sr_buf_release(&db);
	sr_fail_release(&f);
	return rc;
}
