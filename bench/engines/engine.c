/*
 * engine.c - the helpers engine.h declares, shared by the four engine
 * servers of bench/engines/.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"

/* Read the whole of path into a new buffer (*out, owned by the caller,
 * freed with free()). Returns 0, or -1 with errno set. */
static int read_file(const char *path, char **out, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || st.st_size <= 0)
		goto out;
	buf = malloc((size_t)st.st_size);
	if (!buf)
		goto out;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	*out = buf;
	*len = got;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/* A port number: digits only, 1 to 65535. */
static int parse_port(const char *s, int *port)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return -1;
	}
	if (v < 1)
		return -1;
	*port = (int)v;
	return 0;
}

int eng_setup(int argc, char **argv, const char *name, int *port,
	      struct eng_files *files)
{
	struct rlimit rl;

	if (argc != 4 || parse_port(argv[1], port)) {
		fprintf(stderr, "usage: %s PORT ADVICE_FILE RECORDS_FILE\n",
			name);
		return -1;
	}
	if (read_file(argv[2], &files->advice, &files->advice_len) ||
	    read_file(argv[3], &files->records, &files->records_len)) {
		fprintf(stderr, "%s: cannot read %s or %s: %s\n", name,
			argv[2], argv[3], strerror(errno));
		return -1;
	}
	/* The idle-connection runs hold 10,000 sockets open at once. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			fprintf(stderr, "%s: setrlimit: %s\n", name,
				strerror(errno));
	}
	/* A client that goes away mid-answer must not kill the server. */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int eng_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

int eng_listen_reuseport(int port)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, SOMAXCONN)) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void eng_echo_ran(size_t body_len)
{
	fprintf(stderr, "echo ran: %zu bytes\n", body_len);
}

void eng_echo_aborted(size_t body_len)
{
	fprintf(stderr, "echo aborted: %zu bytes\n", body_len);
}
