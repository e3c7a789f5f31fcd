/*
 * parse.h - bounded parsers for numbers and words that come from outside
 * (command lines, query strings, files), and the one writer of money as
 * text. Nothing else in smallrun turns text into numbers, or money into
 * text.
 */
#ifndef SMALLRUN_PARSE_H
#define SMALLRUN_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"

/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1. */
int sr_hex_digit(char c);

/*
 * Parse all of s[0..len) as a base-10 integer in [min, max]: an optional
 * '-' and digits, nothing else (no spaces, no '+', no leading zeros beyond a
 * lone "0"). Returns SR_OK and sets *out, else SR_EINVAL (not a number) or
 * SR_ETOOBIG (outside the bounds); *out is untouched on error.
 */
enum sr_err sr_parse_i64(const char *s, size_t len, int64_t *out, int64_t min,
			 int64_t max);

/* sr_parse_i64 over a NUL-terminated string. */
enum sr_err sr_parse_i64z(const char *s, int64_t *out, int64_t min,
			  int64_t max);

/*
 * Parse an amount of money in major units, "12", "12.5" or "12.50", into
 * minor units (1250) in [0, max]: digits, then at most one '.' and two
 * digits. No sign, no spaces, no thousands separators, no floats.
 */
enum sr_err sr_parse_money(const char *s, int64_t *minor, int64_t max);

/* Room for any amount sr_money_format() writes, its NUL included. */
#define SR_MONEY_TEXT_SIZE 24

/*
 * Write an amount of minor units as major units with two decimals, the
 * spelling sr_parse_money() reads: 0 -> "0.00", 150 -> "1.50", -5 ->
 * "-0.05", -150 -> "-1.50". Exact, with nothing to round: an amount is
 * whole minor units. A negative amount has a leading '-' (the whole
 * amount is negative, never one part), others no sign. Every int64_t
 * fits, INT64_MIN included. The text goes into out, which the caller owns
 * and which holds at least SR_MONEY_TEXT_SIZE bytes; returns out.
 */
char *sr_money_format(int64_t minor, char out[static SR_MONEY_TEXT_SIZE]);

/*
 * Split "HOST:PORT", "[V6]:PORT" or ":PORT" into host (copied into
 * host[hostsz], "" for the last form) and a port in 0..65535.
 * Returns SR_OK or SR_EINVAL with f describing the problem.
 */
enum sr_err sr_parse_listen(const char *s, char *host, size_t hostsz, int *port,
			    struct sr_fail *f);

/*
 * Check that a text value named name is min..max bytes long: SR_OK, or
 * SR_EINVAL with f set ("missing_value" when empty but required,
 * "bad_length" with the bounds otherwise).
 */
enum sr_err sr_check_length(const char *name, size_t len, int64_t min,
			    int64_t max, struct sr_fail *f);

#endif
