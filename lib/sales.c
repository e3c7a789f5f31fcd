/*
 * sales.c - read a sales file (date,product,quantity or a till's per-item
 * log) into units per product per day, through the CSV reader.
 *
 * While reading, each product keeps a list of (day, units), merged with
 * the last entry when the day repeats (logs come in date order, so that is
 * nearly always); at the end the lists are sorted and merged, the open days
 * collected, and a product's dense daily series is built when asked for.
 * Names are found through an open-addressing hash table.
 */
#include "compat.h"

#include "smallrun/csv.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "smallrun/sales.h"
#include "smallrun/text.h"

struct entry {
	int64_t day;
	int64_t units;
};

struct product {
	char *name;
	struct entry *e;
	size_t n, cap;
	int64_t total;
	int64_t rows;	 /* the file's lines that name it */
	int64_t *series; /* last - first + 1 days, built on demand */
};

struct sr_sales {
	struct product *p;
	size_t np, pcap;
	size_t *table; /* product index + 1, 0 for empty; tcap a power of 2 */
	size_t tcap;
	int64_t *days; /* the days rows named, in reading order, deduplicated
			  against the previous one only */
	size_t ndays, dcap;
	int64_t first, last;
	unsigned char *open; /* last - first + 1 */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Grow *v (of *cap elements of size sz) to hold at least need. */
static bool grow(void *v, size_t *cap, size_t need, size_t sz)
{
	void **pv = v;
	size_t ncap = *cap ? *cap : 16;
	void *nv;

	if (need <= *cap)
		return true;
	while (ncap < need)
		ncap *= 2;
	nv = realloc(*pv, ncap * sz);
	if (!nv)
		return false;
	*pv = nv;
	*cap = ncap;
	return true;
}

static bool rehash(struct sr_sales *s)
{
	size_t cap = s->tcap ? s->tcap * 2 : 64;
	size_t *t = calloc(cap, sizeof(*t));

	if (!t)
		return false;
	for (size_t i = 0; i < s->np; i++) {
		size_t at = (size_t)hash(s->p[i].name) & (cap - 1);

		while (t[at])
			at = (at + 1) & (cap - 1);
		t[at] = i + 1;
	}
	free(s->table);
	s->table = t;
	s->tcap = cap;
	return true;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *slot(const struct sr_sales *s, const char *name)
{
	size_t at = (size_t)hash(name) & (s->tcap - 1);

	while (s->table[at] && strcmp(s->p[s->table[at] - 1].name, name))
		at = (at + 1) & (s->tcap - 1);
	return &s->table[at];
}

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		++*s;
		--*len;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		--*len;
}

/* A field for a message: at most 40 bytes, and what was cut said. */
#define SHOW(len) (int)((len) > 40 ? 40 : (len))
#define MORE(len) ((len) > 40 ? "..." : "")

struct reader {
	struct sr_sales *s;
	struct sr_csv *r;
	const char *name;
	size_t col_date, col_product, col_qty;
	bool has_qty;
};

static enum sr_err row_fail(const struct reader *rd, struct sr_fail *f,
			    enum sr_err err, const char *code, const char *fmt,
			    ...) __attribute__((format(printf, 5, 6)));

static enum sr_err row_fail(const struct reader *rd, struct sr_fail *f,
			    enum sr_err err, const char *code, const char *fmt,
			    ...)
{
	struct sr_buf msg = SR_BUF_INIT(1024);
	va_list ap;

	va_start(ap, fmt);
	sr_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sr_fail_set(f, err, code, "", "%s, line %ld: %s", rd->name,
		    sr_csv_line(rd->r), msg.data);
	sr_buf_release(&msg);
	return err;
}

/* A field of the current record, trimmed; NULL when the record is short. */
static const char *field(const struct reader *rd, size_t col, size_t *len)
{
	const char *v = sr_csv_field(rd->r, col, len);

	if (v)
		trim(&v, len);
	return v;
}

static enum sr_err add(struct reader *rd, const char *pname, size_t plen,
		       int64_t day, int64_t units, struct sr_fail *f)
{
	struct sr_sales *s = rd->s;
	struct product *p;
	size_t *at;
	char key[SR_SALES_MAX_NAME + 1];

	memcpy(key, pname, plen);
	key[plen] = '\0';
	if (2 * (s->np + 1) > s->tcap && !rehash(s))
		goto oom;
	at = slot(s, key);
	if (!*at) {
		if (s->np >= SR_SALES_MAX_PRODUCTS)
			return row_fail(rd, f, SR_ETOOBIG, "too_many",
					"more than %d products",
					SR_SALES_MAX_PRODUCTS);
		if (!grow(&s->p, &s->pcap, s->np + 1, sizeof(*s->p)))
			goto oom;
		p = &s->p[s->np];
		memset(p, 0, sizeof(*p));
		p->name = malloc(plen + 1);
		if (!p->name)
			goto oom;
		memcpy(p->name, key, plen + 1);
		*at = ++s->np;
	}
	p = &s->p[*at - 1];
	if (p->n && p->e[p->n - 1].day == day) {
		p->e[p->n - 1].units += units;
	} else {
		if (!grow(&p->e, &p->cap, p->n + 1, sizeof(*p->e)))
			goto oom;
		p->e[p->n++] = (struct entry){day, units};
	}
	/* Sums stay far inside int64_t: each row adds at most
	 * SR_FC_MAX_UNITS and the daily limit is checked at the end. */
	p->total += units;
	p->rows++;
	if (!s->ndays || s->days[s->ndays - 1] != day) {
		if (!grow(&s->days, &s->dcap, s->ndays + 1, sizeof(*s->days)))
			goto oom;
		s->days[s->ndays++] = day;
	}
	return SR_OK;
oom:
	return sr_fail_set(f, SR_ENOMEM, "no_memory", "", "out of memory");
}

static enum sr_err row(struct reader *rd, struct sr_fail *f)
{
	const char *d, *p, *q;
	size_t dlen, plen, qlen;
	int64_t day, units = 1;

	d = field(rd, rd->col_date, &dlen);
	p = field(rd, rd->col_product, &plen);
	q = rd->has_qty ? field(rd, rd->col_qty, &qlen) : NULL;
	if (!d || !p || (rd->has_qty && !q))
		return row_fail(rd, f, SR_EINVAL, "bad_csv",
				"the row has %zu fields; the header has %zu",
				sr_csv_nfields(rd->r), sr_csv_columns(rd->r));
	if (!plen)
		return row_fail(rd, f, SR_EINVAL, "bad_value",
				"the product is empty");
	if (plen == 4 && !strncasecmp(p, "NONE", 4))
		return SR_OK;
	if (plen > SR_SALES_MAX_NAME || memchr(p, '\0', plen))
		return row_fail(rd, f, SR_EINVAL, "bad_value",
				"the product name '%.*s%s' is over %d bytes "
				"or holds a NUL",
				SHOW(plen), p, MORE(plen), SR_SALES_MAX_NAME);
	if (sr_date_parse(d, dlen, &day))
		return row_fail(rd, f, SR_EINVAL, "bad_date",
				"'%.*s%s' is not a date (YYYY-MM-DD)",
				SHOW(dlen), d, MORE(dlen));
	if (q && sr_parse_i64(q, qlen, &units, 0, SR_FC_MAX_UNITS))
		return row_fail(rd, f, SR_EINVAL, "bad_value",
				"the quantity '%.*s%s' is not a whole number "
				"from 0 to %d",
				SHOW(qlen), q, MORE(qlen), SR_FC_MAX_UNITS);
	return add(rd, p, plen, day, units, f);
}

/* Find a column by name; not there is fine, twice is not. */
static enum sr_err column(struct reader *rd, const char *name, size_t *idx,
			  bool *found, struct sr_fail *f)
{
	enum sr_err err = sr_csv_column(rd->r, name, idx);

	*found = err == SR_OK;
	if (err == SR_ECONFLICT)
		return sr_fail_set(f, SR_EINVAL, "bad_header", "",
				   "%s, line 1: two columns are called '%s'",
				   rd->name, name);
	return SR_OK;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int cmp_entry(const void *a, const void *b)
{
	return cmp_i64(&((const struct entry *)a)->day,
		       &((const struct entry *)b)->day);
}

/* Sort and merge what was read; fill in first, last and open. */
static enum sr_err finish(struct reader *rd, struct sr_fail *f)
{
	struct sr_sales *s = rd->s;
	char date[11];

	if (!s->ndays)
		return sr_fail_set(f, SR_EINVAL, "no_sales", "",
				   "%s holds no sales", rd->name);
	qsort(s->days, s->ndays, sizeof(*s->days), cmp_i64);
	s->first = s->days[0];
	s->last = s->days[s->ndays - 1];
	if (s->last - s->first >= SR_FC_MAX_DAYS)
		return sr_fail_set(f, SR_ETOOBIG, "too_long", "",
				   "%s: the dates span more than %d days",
				   rd->name, SR_FC_MAX_DAYS);
	s->open = calloc((size_t)(s->last - s->first + 1), 1);
	if (!s->open)
		return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				   "out of memory");
	for (size_t i = 0; i < s->ndays; i++)
		s->open[s->days[i] - s->first] = 1;
	for (size_t i = 0; i < s->np; i++) {
		struct product *p = &s->p[i];
		size_t k = 0;

		qsort(p->e, p->n, sizeof(*p->e), cmp_entry);
		for (size_t j = 0; j < p->n; j++) {
			if (k && p->e[k - 1].day == p->e[j].day)
				p->e[k - 1].units += p->e[j].units;
			else
				p->e[k++] = p->e[j];
			if (p->e[k - 1].units > SR_FC_MAX_UNITS) {
				sr_date_format(p->e[k - 1].day, date);
				return sr_fail_set(
					f, SR_ETOOBIG, "too_many", "",
					"%s: more than %d units of '%s' on %s",
					rd->name, SR_FC_MAX_UNITS, p->name,
					date);
			}
		}
		p->n = k;
	}
	return SR_OK;
}

static enum sr_err read_all(struct sr_sales **out, struct sr_csv *r,
			    const char *name, struct sr_fail *f)
{
	struct reader rd = {0};
	enum sr_err err;
	bool got, found;

	*out = NULL;
	rd.name = name && *name ? name : "sales";
	rd.r = r;
	rd.s = calloc(1, sizeof(*rd.s));
	if (!rd.s)
		return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				   "out of memory");
	if ((err = sr_csv_read_header(r, f)))
		goto csv_error;
	if ((err = column(&rd, "date", &rd.col_date, &found, f)))
		goto out;
	if (found &&
	    !(err = column(&rd, "product", &rd.col_product, &found, f)) &&
	    !found)
		err = column(&rd, "item", &rd.col_product, &found, f);
	if (err)
		goto out;
	if (!found) {
		err = sr_fail_set(f, SR_EINVAL, "bad_header", "",
				  "%s, line 1: the header needs a date and a "
				  "product (or item) column: "
				  "date,product,quantity or "
				  "Date,Time,Transaction,Item",
				  rd.name);
		goto out;
	}
	if ((err = column(&rd, "quantity", &rd.col_qty, &rd.has_qty, f)))
		goto out;
	while (!(err = sr_csv_next(r, &got, f)) && got)
		if ((err = row(&rd, f)))
			goto out;
	if (err)
		goto csv_error;
	err = finish(&rd, f);
	goto out;
csv_error:
	/* The reader says "line N: ..."; name the file too. */
	if (f && f->message.len) {
		struct sr_buf msg = SR_BUF_INIT(SR_FAIL_MAX);

		sr_buf_adds(&msg, f->message.data);
		sr_fail_set(f, err, f->code, "", "%s, %s", rd.name, msg.data);
		sr_buf_release(&msg);
	}
out:
	if (err) {
		sr_sales_free(rd.s);
		return err;
	}
	*out = rd.s;
	return SR_OK;
}

enum sr_err sr_sales_read(struct sr_sales **out, FILE *fp, const char *name,
			  struct sr_fail *f)
{
	struct sr_csv *r = NULL;
	enum sr_err err;

	*out = NULL;
	if ((err = sr_csv_new_file(&r, fp, NULL, f)))
		return err;
	err = read_all(out, r, name, f);
	sr_csv_free(r);
	return err;
}

enum sr_err sr_sales_read_mem(struct sr_sales **out, const char *data,
			      size_t len, const char *name, struct sr_fail *f)
{
	struct sr_csv *r = NULL;
	enum sr_err err;

	*out = NULL;
	if ((err = sr_csv_new_mem(&r, data, len, NULL, f)))
		return err;
	err = read_all(out, r, name, f);
	sr_csv_free(r);
	return err;
}

void sr_sales_free(struct sr_sales *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->np; i++) {
		free(s->p[i].name);
		free(s->p[i].e);
		free(s->p[i].series);
	}
	free(s->p);
	free(s->table);
	free(s->days);
	free(s->open);
	free(s);
}

void sr_sales_span(const struct sr_sales *s, int64_t *first, int64_t *last)
{
	*first = s->first;
	*last = s->last;
}

size_t sr_sales_count(const struct sr_sales *s)
{
	return s->np;
}

const char *sr_sales_name(const struct sr_sales *s, size_t i)
{
	return i < s->np ? s->p[i].name : NULL;
}

int64_t sr_sales_total(const struct sr_sales *s, size_t i)
{
	return i < s->np ? s->p[i].total : 0;
}

enum sr_err sr_sales_find(const struct sr_sales *s, const char *name,
			  size_t *idx)
{
	enum sr_err err = SR_ENOTFOUND;

	if (s->tcap) {
		size_t *at = slot(s, name);

		if (*at) {
			*idx = *at - 1;
			return SR_OK;
		}
	}
	for (size_t i = 0; i < s->np; i++) {
		if (strcasecmp(s->p[i].name, name))
			continue;
		if (err == SR_OK)
			return SR_ECONFLICT;
		*idx = i;
		err = SR_OK;
	}
	return err;
}

/* Whether needle is inside hay, ignoring ASCII case. */
static bool contains(const char *hay, size_t lh, const char *needle, size_t ln)
{
	if (!ln || ln > lh)
		return false;
	for (size_t i = 0; i + ln <= lh; i++)
		if (!strncasecmp(hay + i, needle, ln))
			return true;
	return false;
}

size_t sr_sales_similar(const struct sr_sales *s, const char *name, size_t *idx,
			size_t max)
{
	size_t ln = strlen(name), got = 0;
	size_t score[16];

	if (max > SR_ARRAY_SIZE(score))
		max = SR_ARRAY_SIZE(score);
	if (ln > SR_SALES_MAX_NAME)
		return 0;
	for (size_t i = 0; i < s->np; i++) {
		const char *p = s->p[i].name;
		size_t lp = strlen(p), d = sr_edit_distance(name, ln, p, lp), at;
		size_t limit = ln / 3 > 1 ? ln / 3 : 1;

		if (d > limit && !(ln >= 3 && contains(p, lp, name, ln)) &&
		    !(lp >= 3 && contains(name, ln, p, lp)))
			continue;
		/* Insertion into the best max, by distance then sales. */
		for (at = got; at > 0; at--) {
			size_t o = idx[at - 1];

			if (score[at - 1] < d ||
			    (score[at - 1] == d &&
			     s->p[o].total >= s->p[i].total))
				break;
		}
		if (at >= max)
			continue;
		if (got < max)
			got++;
		memmove(idx + at + 1, idx + at, (got - 1 - at) * sizeof(*idx));
		memmove(score + at + 1, score + at,
			(got - 1 - at) * sizeof(*score));
		idx[at] = i;
		score[at] = d;
	}
	return got;
}

int64_t sr_sales_rows(const struct sr_sales *s, size_t i)
{
	return i < s->np ? s->p[i].rows : 0;
}

bool sr_sales_entry(const struct sr_sales *s, size_t i, size_t k,
		    int64_t *day, int64_t *units)
{
	if (i >= s->np || k >= s->p[i].n)
		return false;
	*day = s->p[i].e[k].day;
	*units = s->p[i].e[k].units;
	return true;
}

enum sr_err sr_sales_history(struct sr_sales *s, size_t i,
			     struct sr_fc_history *h, struct sr_fail *f)
{
	struct product *p;
	size_t n;

	if (i >= s->np)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "product",
				   "no product %zu", i);
	p = &s->p[i];
	n = (size_t)(s->last - s->first + 1);
	if (!p->series) {
		p->series = calloc(n, sizeof(*p->series));
		if (!p->series)
			return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
					   "out of memory");
		for (size_t j = 0; j < p->n; j++)
			p->series[p->e[j].day - s->first] = p->e[j].units;
	}
	h->first = s->first;
	h->ndays = n;
	h->units = p->series;
	h->open = s->open;
	return SR_OK;
}
