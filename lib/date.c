/*
 * date.c - proleptic Gregorian calendar arithmetic on day numbers
 * (Howard Hinnant's days_from_civil / civil_from_days algorithms).
 */
#include "compat.h"

#include <time.h>

#include "smallrun/date.h"

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n digits at s as a number, or -1. */
static int64_t digits(const char *s, int n)
{
	int64_t v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum sr_err sr_date_parse(const char *s, size_t len, int64_t *days)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int64_t y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return SR_EINVAL;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return SR_EINVAL;
	if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return SR_EINVAL;
	*days = days_from_civil(y, m, d);
	return SR_OK;
}

/* Write v as exactly n digits (v is in range by construction). */
static void put_digits(char *out, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void sr_date_format(int64_t days, char out[static 11])
{
	int64_t y, m, d;

	civil_from_days(days, &y, &m, &d);
	put_digits(out, y < 0 ? 0 : y % 10000, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

enum sr_err sr_instant_parse(const char *s, size_t len, int64_t *secs)
{
	int64_t days, h, mi, se;

	if (len != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return SR_EINVAL;
	if (sr_date_parse(s, 10, &days))
		return SR_EINVAL;
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	se = digits(s + 17, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
		return SR_EINVAL;
	*secs = days * 86400 + h * 3600 + mi * 60 + se;
	return SR_OK;
}

void sr_instant_format(int64_t secs, char out[static 21])
{
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rem = secs - days * 86400;

	sr_date_format(days, out);
	out[10] = 'T';
	put_digits(out + 11, rem / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, rem / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, rem % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
}

int sr_date_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int64_t w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

void sr_local_time(int64_t secs, int64_t *day, int *minute)
{
	time_t t = (time_t)secs;
	struct tm tm;

	if (!localtime_r(&t, &tm)) {
		*day = secs / 86400;
		*minute = (int)(secs % 86400 / 60);
		return;
	}
	*day = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*minute = tm.tm_hour * 60 + tm.tm_min;
}
