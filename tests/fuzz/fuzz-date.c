/*
 * fuzz-date.c - libFuzzer driver for calendar dates and instants
 * (sr_date_parse, sr_instant_parse, their formatters and sr_date_weekday):
 * every date and time field of every record body, and the date filters of
 * list queries, go through them.
 *
 * Each input is tried whole, and its first 10 and 20 bytes, as a date and
 * as an instant (passed by length, never NUL-terminated, so an over-read
 * shows under ASan). Its first 8 bytes also pick a day and a second in the
 * supported range (1900-01-01 .. 9999-12-31) to format. Invariants:
 *
 *   - dates and instants are canonical: whenever a parse succeeds, the
 *     formatted number is exactly the input text, and parsing that again
 *     gives the same number;
 *   - the day number agrees with glibc's timegm() for the same fields
 *     (an independent calendar), and lies in the supported range;
 *   - an instant is its date's day * 86400 plus the time of day;
 *   - sr_date_weekday is in 0..6, agrees with timegm()'s tm_wday, and
 *     steps by one a day and repeats every 7 days;
 *   - any day or second in range formats to text that parses back to it.
 */
#define _DEFAULT_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smallrun/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t first_day, last_day;

/* Days since 1970-01-01 of y-m-d by glibc's calendar. */
static int64_t oracle_days(int y, int m, int d, int *wday)
{
	struct tm tm = {0};
	time_t t;

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* timegm normalises: a valid date comes back unchanged. */
	if (tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
		abort();
	*wday = (tm.tm_wday + 6) % 7; /* Monday = 0 */
	return (int64_t)t / 86400;
}

static int num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void check_weekday(int64_t days)
{
	int w = sr_date_weekday(days);

	if (w < 0 || w > 6)
		abort();
	if (sr_date_weekday(days + 7) != w || sr_date_weekday(days - 7) != w)
		abort();
	if (sr_date_weekday(days + 1) != (w + 1) % 7)
		abort();
}

static void check_date(const char *s, size_t len)
{
	char out[11];
	int64_t days, again;
	int wday;

	if (sr_date_parse(s, len, &days) != SR_OK)
		return;
	sr_date_format(days, out);
	if (len != 10 || memcmp(out, s, 10))
		abort();
	if (sr_date_parse(out, 10, &again) != SR_OK || again != days)
		abort();
	if (days < first_day || days > last_day)
		abort();
	if (oracle_days(num(s, 4), num(s + 5, 2), num(s + 8, 2), &wday) != days)
		abort();
	if (sr_date_weekday(days) != wday)
		abort();
	check_weekday(days);
}

static void check_instant(const char *s, size_t len)
{
	char out[21];
	int64_t secs, again, days;

	if (sr_instant_parse(s, len, &secs) != SR_OK)
		return;
	sr_instant_format(secs, out);
	if (len != 20 || memcmp(out, s, 20))
		abort();
	if (sr_instant_parse(out, 20, &again) != SR_OK || again != secs)
		abort();
	if (sr_date_parse(s, 10, &days) != SR_OK)
		abort();
	if (secs != days * 86400 + num(s + 11, 2) * 3600 + num(s + 14, 2) * 60 +
			    num(s + 17, 2))
		abort();
	check_date(s, 10);
}

/* Format a day and a second chosen by the input; they must read back. */
static void check_format(const uint8_t *data, size_t size)
{
	uint64_t pick = 0;
	int64_t span = last_day - first_day + 1, days, secs, back;
	char d[11], t[21];

	memcpy(&pick, data, size < 8 ? size : 8);
	days = first_day + (int64_t)(pick % (uint64_t)span);
	secs = first_day * 86400 + (int64_t)(pick % ((uint64_t)span * 86400));
	sr_date_format(days, d);
	if (strlen(d) != 10 || sr_date_parse(d, 10, &back) || back != days)
		abort();
	check_date(d, 10);
	sr_instant_format(secs, t);
	if (strlen(t) != 20 || sr_instant_parse(t, 20, &back) || back != secs)
		abort();
	check_instant(t, 20);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (!first_day) {
		if (sr_date_parse("1900-01-01", 10, &first_day) ||
		    sr_date_parse("9999-12-31", 10, &last_day))
			abort();
	}
	check_date(s, size);
	check_instant(s, size);
	if (size > 10)
		check_date(s, 10);
	if (size > 20)
		check_instant(s, 20);
	check_format(data, size);
	return 0;
}
