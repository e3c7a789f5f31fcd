/*
 * text.c - UTF-8 checking and Windows-1252 decoding (text.h).
 */
#include "compat.h"

#include "smallrun/text.h"

const char *const sr_encoding_names[SR_ENC__MAX + 1] = {
	[SR_ENC_UTF8] = "utf-8",
	[SR_ENC_WINDOWS_1252] = "windows-1252",
	[SR_ENC__MAX] = NULL,
};

enum sr_err sr_encoding_parse(const char *name, const char *field,
			      enum sr_encoding *enc, struct sr_fail *f)
{
	static const struct {
		const char *name;
		enum sr_encoding enc;
	} aliases[] = {
		{"utf8", SR_ENC_UTF8},
		{"cp1252", SR_ENC_WINDOWS_1252},
	};

	for (int i = 0; i < SR_ENC__MAX; i++)
		if (!strcasecmp(name, sr_encoding_names[i])) {
			*enc = (enum sr_encoding)i;
			return SR_OK;
		}
	for (size_t i = 0; i < SR_ARRAY_SIZE(aliases); i++)
		if (!strcasecmp(name, aliases[i].name)) {
			*enc = aliases[i].enc;
			return SR_OK;
		}
	return sr_fail_set(f, SR_EINVAL, "bad_value", field,
			   "%s must be one of: utf-8, windows-1252 (not "
			   "'%.40s')",
			   field, sr_utf8_valid(name, strlen(name)) ==
					  strlen(name)
				  ? name
				  : "?");
}

size_t sr_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = u[i];
		size_t n;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return i; /* a continuation byte, C0, C1, F5-FF */
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (u[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

/*
 * The WHATWG index-windows-1252 for 0x80 to 0x9F
 * (https://encoding.spec.whatwg.org/index-windows-1252.txt); every other
 * byte is the code point of the same number.
 */
static const uint16_t cp1252_80[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

uint32_t sr_cp1252_code_point(unsigned char b)
{
	return b >= 0x80 && b <= 0x9f ? cp1252_80[b - 0x80] : b;
}

enum sr_err sr_cp1252_to_utf8(const char *s, size_t len, struct sr_buf *out)
{
	for (size_t i = 0; i < len && !out->err; i++) {
		uint32_t cp = sr_cp1252_code_point((unsigned char)s[i]);
		char u[3];

		if (cp < 0x80) {
			sr_buf_addch(out, (char)cp);
		} else if (cp < 0x800) {
			u[0] = (char)(0xc0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3f));
			sr_buf_add(out, u, 2);
		} else {
			u[0] = (char)(0xe0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
			u[2] = (char)(0x80 | (cp & 0x3f));
			sr_buf_add(out, u, 3);
		}
	}
	return (enum sr_err)out->err;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

size_t sr_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[SR_EDIT_DISTANCE_MAX + 1];

	if (la > SR_EDIT_DISTANCE_MAX)
		la = SR_EDIT_DISTANCE_MAX;
	if (lb > SR_EDIT_DISTANCE_MAX)
		lb = SR_EDIT_DISTANCE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag + (ascii_lower((unsigned char)a[i - 1]) !=
				       ascii_lower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}
