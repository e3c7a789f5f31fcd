/*
 * engine.h - what the four engine servers in bench/engines/ share: their
 * command line, the two response bodies, the file-descriptor limit and a
 * listening socket. Each server is
 *
 *   engine-NAME PORT ADVICE_FILE RECORDS_FILE
 *
 * and answers GET /advice and GET /records with those files' bytes
 * (application/json) and POST /echo with the length of the body it read.
 * Nothing here is part of smallrun; bench/engines.sh builds and runs them.
 */
#ifndef ENGINE_H
#define ENGINE_H

#include <stddef.h>

/* The two bodies, read once at start; never freed (they live as long as
 * the process). */
struct eng_files {
	char *advice;
	size_t advice_len;
	char *records;
	size_t records_len;
};

/*
 * Parse argv (PORT ADVICE_FILE RECORDS_FILE), read both files, raise
 * RLIMIT_NOFILE to its hard limit and ignore SIGPIPE. On any failure say
 * why on stderr and return -1 (the caller exits); else 0 with *port set.
 */
int eng_setup(int argc, char **argv, const char *name, int *port,
	      struct eng_files *files);

/* The number of online CPUs, at least 1. */
int eng_cores(void);

/*
 * A non-blocking TCP socket listening on 127.0.0.1:port with SO_REUSEPORT,
 * so that one per event loop can share the port (the kernel spreads new
 * connections over them). Returns the descriptor, or -1 (errno set).
 */
int eng_listen_reuseport(int port);

/* Note on stderr that the /echo handler ran and how much body it saw, so
 * that bench/engines/framing.py can tell whether a broken body reached
 * the application. */
void eng_echo_ran(size_t body_len);

/* Note on stderr that the engine told the /echo handler the body broke off
 * (a read error), so the handler gave up without answering. */
void eng_echo_aborted(size_t body_len);

#endif
