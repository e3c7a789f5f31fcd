/*
 * idle.c - how a server copes with many idle connections, for
 * bench/engines.sh:
 *
 *   idle [-k PROBES] [-o OPEN_S] [-t PROBE_S] [-p PID[,PID...]] [-g PATH]
 *        PORT N
 *
 * Opens N TCP connections to 127.0.0.1:PORT, half of them silent and half
 * having sent a partial request ("GET PATH HTTP/1.1\r\nHost: localhost\r\n" and
 * nothing more), within OPEN_S seconds (default 20; connections still not
 * established by then count as timed out). Then it makes PROBES (default
 * 50) fresh connections one after another, each sending a whole
 * GET PATH (default /advice) and timed from connect() until the whole answer is read,
 * each within PROBE_S seconds (default 5; after 3 failures in a row the
 * rest are skipped). Last it counts how many idle connections the server
 * has closed (or answered) by then.
 *
 * With -p, the server's resident memory (the sum of VmRSS of the PIDs,
 * from /proc) is read before the idle connections are opened and once
 * they are open, and so is the number of descriptors the server holds
 * (which tells the connections it accepted from those merely queued in
 * the kernel).
 *
 * Prints one line, for the script to read:
 *
 *   IDLE n=… connected=… refused=… timedout=… open_ms=… probes=…
 *        answered=… failed=… skipped=… median_ms=… max_ms=…
 *        closed_silent=… closed_partial=… answered_idle=…
 *        rss_before_kib=… rss_open_kib=… server_fds_before=… server_fds=…
 *
 * Every wait has a deadline; every socket is closed with a reset
 * (SO_LINGER 0) so that no TIME_WAIT is left on the client side.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIDS 16
#define MAX_N 60000
#define IN_FLIGHT 512 /* connects started but not yet established */

/* The requests, for the path -g gives (default /advice). */
static char partial[512], full[512];

enum conn_state { C_NEW, C_PENDING, C_OPEN, C_FAILED, C_TIMEDOUT };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A whole number in [min, max] from s, or -1. */
static long parse_whole(const char *s, long min, long max)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v < min ? -1 : v;
}

/* Close with a reset: no TIME_WAIT left behind on this side. */
static void close_rst(int fd)
{
	struct linger lg = {1, 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* A non-blocking socket with a connect to 127.0.0.1:port under way, or
 * -1 if it failed at once (errno set). */
static int start_connect(int port)
{
	struct sockaddr_in sa;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    errno != EINPROGRESS) {
		int e = errno;
		close_rst(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Sum of VmRSS (KiB) of the PIDs; 0 for one that is gone. */
static long rss_kib(const long *pids, int npids)
{
	long total = 0;
	char path[64], line[256];

	for (int i = 0; i < npids; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%ld/status", pids[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "VmRSS:", 6)) {
				total += strtol(line + 6, NULL, 10);
				break;
			}
		}
		fclose(f);
	}
	return total;
}

/* How many descriptors the PIDs hold. */
static long fd_count(const long *pids, int npids)
{
	long total = 0;
	char path[64];

	for (int i = 0; i < npids; i++) {
		DIR *d;
		struct dirent *e;

		snprintf(path, sizeof(path), "/proc/%ld/fd", pids[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				total++;
		closedir(d);
	}
	return total;
}

/* Wait up to until_ms (monotonic) for events on fd; 1 ready, 0 not. */
static int wait_fd(int fd, short events, double until_ms)
{
	struct pollfd p = {fd, events, 0};
	double left = until_ms - now_ms();

	if (left <= 0)
		return 0;
	return poll(&p, 1, (int)left + 1) > 0;
}

/*
 * One probe: connect, send a whole GET /advice, read the status line,
 * header and Content-Length bytes of body, all before deadline_ms from
 * now. Returns the time taken in ms, or a negative number: -1 timed out,
 * -2 refused or reset, -3 not a 200 or no Content-Length.
 */
static double probe(int port, double deadline_ms)
{
	char buf[65536];
	double t0 = now_ms(), until = t0 + deadline_ms, r = -1;
	size_t got = 0, need = 0;
	int fd, err = 0, have_head = 0;
	socklen_t len = sizeof(err);

	fd = start_connect(port);
	if (fd < 0)
		return -2;
	if (!wait_fd(fd, POLLOUT, until))
		goto out;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
		r = -2;
		goto out;
	}
	if (send(fd, full, strlen(full), MSG_NOSIGNAL) !=
	    (ssize_t)strlen(full)) {
		r = -2;
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (!wait_fd(fd, POLLIN, until))
			goto out;
		n = recv(fd, buf + (have_head ? 0 : got),
			 have_head ? sizeof(buf) : sizeof(buf) - 1 - got, 0);
		if (n <= 0) {
			r = -2;
			goto out;
		}
		if (have_head) {
			got += (size_t)n;
		} else {
			char *end, *cl;

			got += (size_t)n;
			buf[got] = '\0';
			end = strstr(buf, "\r\n\r\n");
			if (!end) {
				if (got >= sizeof(buf) - 1) {
					r = -3;
					goto out;
				}
				continue;
			}
			cl = strcasestr(buf, "\r\nContent-Length:");
			if (strncmp(buf, "HTTP/1.1 200", 12) || !cl ||
			    cl > end) {
				r = -3;
				goto out;
			}
			need = (size_t)strtoul(cl + 17, NULL, 10);
			have_head = 1;
			got -= (size_t)(end + 4 - buf); /* body bytes so far */
		}
		if (have_head && got >= need)
			break;
	}
	r = now_ms() - t0;
out:
	close_rst(fd);
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long pids[MAX_PIDS];
	int npids = 0, opt, port, n, k = 50, fails_in_row = 0;
	double open_s = 20, probe_s = 5, t0, open_ms, *times = NULL;
	int *fds = NULL;
	unsigned char *state = NULL;
	int connected = 0, refused = 0, timedout = 0, started = 0, pending = 0;
	int answered = 0, failed = 0, skipped = 0;
	int closed_silent = 0, closed_partial = 0, answered_idle = 0;
	long rss_before = 0, rss_open = 0, fds_before = 0, server_fds = 0;
	struct pollfd *pfd = NULL;
	int *pidx = NULL;
	struct rlimit rl;
	int rc = 1;

	const char *path = "/advice";

	while ((opt = getopt(argc, argv, "k:o:t:p:g:")) != -1) {
		long v;
		char *p, *save = NULL;

		switch (opt) {
		case 'k':
			if ((v = parse_whole(optarg, 1, 10000)) < 0)
				goto usage;
			k = (int)v;
			break;
		case 'o':
			if ((v = parse_whole(optarg, 1, 600)) < 0)
				goto usage;
			open_s = (double)v;
			break;
		case 't':
			if ((v = parse_whole(optarg, 1, 600)) < 0)
				goto usage;
			probe_s = (double)v;
			break;
		case 'p':
			for (p = strtok_r(optarg, ",", &save); p;
			     p = strtok_r(NULL, ",", &save)) {
				if (npids == MAX_PIDS ||
				    (v = parse_whole(p, 1, 1L << 30)) < 0)
					goto usage;
				pids[npids++] = v;
			}
			break;
		case 'g':
			if (optarg[0] != '/' || strlen(optarg) > 256 ||
			    strpbrk(optarg, " \r\n"))
				goto usage;
			path = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2)
		goto usage;
	snprintf(partial, sizeof(partial),
		 "GET %s HTTP/1.1\r\nHost: localhost\r\n", path);
	snprintf(full, sizeof(full), "GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n",
		 path);
	port = (int)parse_whole(argv[optind], 1, 65535);
	n = (int)parse_whole(argv[optind + 1], 0, MAX_N);
	if (port < 0 || n < 0)
		goto usage;

	/* N idle sockets, a probe and stdio. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if ((rlim_t)n + 16 > rl.rlim_cur) {
		fprintf(stderr, "idle: %d connections need more than the "
				"descriptor limit of %ld\n",
			n, (long)rl.rlim_cur);
		goto out;
	}
	fds = calloc((size_t)n + 1, sizeof(*fds));
	state = calloc((size_t)n + 1, 1);
	pfd = calloc(IN_FLIGHT, sizeof(*pfd));
	pidx = calloc(IN_FLIGHT, sizeof(*pidx));
	times = calloc((size_t)k, sizeof(*times));
	if (!fds || !state || !pfd || !pidx || !times) {
		fprintf(stderr, "idle: out of memory\n");
		goto out;
	}
	rss_before = rss_kib(pids, npids);
	fds_before = fd_count(pids, npids);

	/*
	 * Open the idle connections, IN_FLIGHT connects at a time so that a
	 * burst does not overflow the server's accept queue on its own.
	 */
	t0 = now_ms();
	while ((started < n || pending) && now_ms() - t0 < open_s * 1e3) {
		int np = 0, ready;

		while (started < n && pending < IN_FLIGHT) {
			int i = started++;

			fds[i] = start_connect(port);
			if (fds[i] < 0) {
				state[i] = C_FAILED;
				refused++;
				continue;
			}
			state[i] = C_PENDING;
			pending++;
		}
		for (int i = 0; i < started && np < IN_FLIGHT; i++) {
			if (state[i] != C_PENDING)
				continue;
			pfd[np].fd = fds[i];
			pfd[np].events = POLLOUT;
			pidx[np++] = i;
		}
		ready = poll(pfd, (nfds_t)np, 100);
		for (int j = 0; ready > 0 && j < np; j++) {
			int i = pidx[j], err = 0;
			socklen_t len = sizeof(err);

			if (!pfd[j].revents)
				continue;
			pending--;
			if (getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &err,
				       &len) || err) {
				close_rst(fds[i]);
				state[i] = C_FAILED;
				refused++;
				continue;
			}
			state[i] = C_OPEN;
			connected++;
			if (i % 2 &&
			    send(fds[i], partial, strlen(partial),
				 MSG_NOSIGNAL) < 0) {
				/* Counted as closed when the sockets are
				 * looked at after the probes. */
				continue;
			}
		}
	}
	open_ms = now_ms() - t0;
	for (int i = 0; i < n; i++) {
		if (state[i] == C_PENDING) {
			close_rst(fds[i]);
			state[i] = C_TIMEDOUT;
			timedout++;
		} else if (state[i] == C_NEW) {
			state[i] = C_TIMEDOUT;
			timedout++;
		}
	}

	/* Let the server take in what is queued before measuring it. */
	usleep(1000 * 1000);
	rss_open = rss_kib(pids, npids);
	server_fds = fd_count(pids, npids);

	for (int i = 0; i < k; i++) {
		double r;

		if (fails_in_row >= 3) {
			skipped = k - i;
			break;
		}
		r = probe(port, probe_s * 1e3);
		if (r < 0) {
			failed++;
			fails_in_row++;
			fprintf(stderr, "idle: probe %d %s\n", i + 1,
				r == -1 ? "timed out" :
				r == -2 ? "refused or reset" : "not a 200");
			continue;
		}
		fails_in_row = 0;
		times[answered++] = r;
	}

	/* Which idle connections has the server closed, or answered? */
	for (int i = 0; i < n; i++) {
		char buf[4096];
		ssize_t got;
		int data = 0, closed = 0;

		if (state[i] != C_OPEN)
			continue;
		while ((got = recv(fds[i], buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			data = 1;
		if (got == 0 || (got < 0 && errno != EAGAIN &&
				 errno != EWOULDBLOCK))
			closed = 1;
		answered_idle += data;
		if (closed || data) {
			if (i % 2)
				closed_partial++;
			else
				closed_silent++;
		}
		close_rst(fds[i]);
	}

	qsort(times, (size_t)answered, sizeof(*times), cmp_double);
	printf("IDLE n=%d connected=%d refused=%d timedout=%d open_ms=%.0f "
	       "probes=%d answered=%d failed=%d skipped=%d median_ms=%.2f "
	       "max_ms=%.2f closed_silent=%d closed_partial=%d "
	       "answered_idle=%d rss_before_kib=%ld rss_open_kib=%ld "
	       "server_fds_before=%ld server_fds=%ld\n",
	       n, connected, refused, timedout, open_ms, k, answered, failed,
	       skipped,
	       answered ? (answered % 2 ? times[answered / 2] :
			   (times[answered / 2 - 1] + times[answered / 2]) / 2)
			: -1.0,
	       answered ? times[answered - 1] : -1.0, closed_silent,
	       closed_partial, answered_idle, rss_before, rss_open,
	       fds_before, server_fds);
	rc = 0;
	goto out;
usage:
	fprintf(stderr, "usage: idle [-k PROBES] [-o OPEN_S] [-t PROBE_S] "
			"[-p PID[,PID...]] [-g PATH] PORT N\n");
out:
	free(fds);
	free(state);
	free(pfd);
	free(pidx);
	free(times);
	return rc;
}
