/*
 * date.h - calendar dates (YYYY-MM-DD) and instants (RFC 3339 UTC,
 * YYYY-MM-DDTHH:MM:SSZ), as whole days and seconds since 1970-01-01.
 * Pure: the caller supplies "now".
 */
#ifndef SMALLRUN_DATE_H
#define SMALLRUN_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"

/* Days since 1970-01-01 of a valid date "YYYY-MM-DD" (years 1900..9999). */
enum sr_err sr_date_parse(const char *s, size_t len, int64_t *days);

/* Write day number days as "YYYY-MM-DD" into out (at least 11 bytes). */
void sr_date_format(int64_t days, char out[static 11]);

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ". */
enum sr_err sr_instant_parse(const char *s, size_t len, int64_t *secs);

/* Write secs as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void sr_instant_format(int64_t secs, char out[static 21]);

/*
 * The workshop's local date (day number) and minutes after midnight at
 * the instant secs, by the machine's time zone (TZ).
 */
void sr_local_time(int64_t secs, int64_t *day, int *minute);

/* Day of the week of a day number: 0 = Monday … 6 = Sunday. */
int sr_date_weekday(int64_t days);

#endif
